# language: fr
Fonctionnalité: Tenir une assemblée générale de copropriété selon le Code civil belge
  Le syndic convoque l'assemblée dans le délai légal, tient la liste de présence,
  vérifie le quorum, fait voter les résolutions à la bonne majorité et rédige le procès-verbal.

  Contexte:
    Soit la copropriété "Résidence Les Tilleuls" de droit belge avec les lots suivants :
      | lot | quotes-parts | propriétaire | convocation par e-mail |
      | 1   | 300          | Dupont       | oui                    |
      | 2   | 250          | Janssens     | non                    |
      | 3   | 250          | Martin       | oui                    |
      | 4   | 200          | Peeters      | oui                    |
    Et une assemblée ordinaire le 15/06/2026 à 18:00 avec l'ordre du jour :
      | point                                      | décision            |
      | Approbation des comptes 2025               | accounts            |
      | Ravalement de la façade                    | works               |
      | Nouvelle répartition des charges d'ascenseur | charge_distribution |

  Scénario: Une assemblée complète, de la convocation au procès-verbal
    Quand le syndic convoque l'assemblée le 05/06/2026
    Alors la convocation est refusée avec le message "assemblée possible au plus tôt le 20/06/2026"
    Quand le syndic convoque l'assemblée le 01/05/2026
    Alors 3 copropriétaires reçoivent la convocation par e-mail et 1 par courrier
    Quand le syndic inscrit les présences :
      | copropriétaire | présence    | mandataire |
      | Dupont         | présent     |            |
      | Janssens       | présent     |            |
      | Martin         | représenté  | Peeters    |
      | Peeters        | présent     |            |
    Alors le quorum est atteint avec 4 copropriétaires sur 4 et 1000 quotes-parts sur 1000
    Quand le syndic ouvre la séance
    Et le point 1 est voté ainsi :
      | copropriétaire | vote       |
      | Dupont         | pour       |
      | Janssens       | pour       |
      | Martin         | contre     |
      | Peeters        | abstention |
    Alors le point 1 est adopté à la majorité absolue avec 550 voix pour, 250 contre et 200 abstentions
    Quand le point 2 est voté ainsi :
      | copropriétaire | vote   |
      | Dupont         | pour   |
      | Janssens       | contre |
      | Martin         | pour   |
      | Peeters        | pour   |
    Alors le point 2 est adopté à la majorité des deux tiers avec 750 voix pour, 250 contre et 0 abstentions
    Quand le point 3 est voté ainsi :
      | copropriétaire | vote   |
      | Dupont         | pour   |
      | Janssens       | pour   |
      | Martin         | pour   |
      | Peeters        | contre |
    Alors le point 3 est adopté à la majorité des quatre cinquièmes avec 800 voix pour, 200 contre et 0 abstentions
    Quand le syndic clôture l'assemblée
    Alors le procès-verbal indique que Peeters a voté contre le point 3 avec 200 quotes-parts
    Et le procès-verbal indique que Peeters s'est abstenu sur le point 1
    Et le procès-verbal doit être envoyé au plus tard le 15/07/2026

  Scénario: Sans quorum, le syndic convoque la deuxième séance en une fois
    Quand le syndic convoque l'assemblée le 01/05/2026
    Et le syndic inscrit les présences :
      | copropriétaire | présence | mandataire |
      | Peeters        | présent  |            |
    Alors le quorum n'est pas atteint
    Quand le syndic convoque la deuxième séance le 01/07/2026 à 18:00
    Alors une deuxième séance est convoquée avec le même ordre du jour de 3 points

  Scénario: Un mandataire ne détient pas une quatrième procuration
    Soit les lots supplémentaires :
      | lot | quotes-parts | propriétaire | convocation par e-mail |
      | 5   | 100          | Lambert      | oui                    |
      | 6   | 100          | Claes        | non                    |
    Quand le syndic convoque l'assemblée le 01/05/2026
    Et le syndic inscrit les présences :
      | copropriétaire | présence   | mandataire |
      | Janssens       | représenté | Dupont     |
      | Martin         | représenté | Dupont     |
      | Lambert        | représenté | Dupont     |
    Alors la procuration de Claes à Dupont est refusée avec le message "plus de trois"
