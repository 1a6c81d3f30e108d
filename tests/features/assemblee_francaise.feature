# language: fr
Fonctionnalité: Assemblée générale d'une copropriété française (loi du 10 juillet 1965)
  Pas de quorum ; le vote par correspondance doit parvenir trois jours francs avant la réunion ;
  une résolution de l'article 25 qui recueille au moins le tiers des voix est revotée aussitôt à l'article 24.

  Contexte:
    Soit la copropriété "Résidence Les Jardins" de droit français avec les lots suivants :
      | lot | quotes-parts | propriétaire | convocation par e-mail |
      | 1   | 350          | Durand       | oui                    |
      | 2   | 250          | Bernard      | oui                    |
      | 3   | 250          | Petit        | non                    |
      | 4   | 150          | Moreau       | oui                    |
    Et une assemblée ordinaire le 30/06/2026 à 18:00 avec l'ordre du jour :
      | point                                   | décision |
      | Travaux d'isolation de la toiture       | works    |

  Scénario: Vote par correspondance, article 25 puis second vote de l'article 25-1
    Quand le syndic convoque l'assemblée le 15/06/2026
    Alors la convocation est refusée avec le message "assemblée possible au plus tôt le 06/07/2026"
    Quand le syndic convoque l'assemblée le 01/05/2026
    Alors le formulaire de vote par correspondance de Moreau reçu le 28/06/2026 est refusé avec le message "au plus tard le 26/06/2026"
    Quand le syndic inscrit les présences :
      | copropriétaire | présence    | mandataire |
      | Durand         | présent     |            |
      | Bernard        | présent     |            |
      | Petit          | absent      |            |
    Et le syndic enregistre le vote par correspondance de Moreau reçu le 26/06/2026
    Alors l'assemblée délibère sans condition de quorum
    Quand le syndic ouvre la séance
    Et le point 1 est voté ainsi :
      | copropriétaire | vote       |
      | Durand         | pour       |
      | Bernard        | contre     |
      | Moreau         | abstention |
    Alors le point 1 est rejeté avec 350 voix pour sur 1000 et un second vote est possible
    Quand le syndic fait revoter le point 1 à l'article 24 :
      | copropriétaire | vote       |
      | Durand         | pour       |
      | Bernard        | contre     |
      | Moreau         | abstention |
    Alors le point 2 est adopté à la majorité de l'article 24 avec 350 voix pour, 250 contre et 150 abstentions
