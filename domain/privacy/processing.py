"""The register of processing activities (GDPR art. 30 § 1) the syndic firm keeps as controller for the
associations it manages: one entry per purpose, as KoproGo processes the data. The firm completes its own
identity and its DPO on the page; the entries describe what the product does."""
from __future__ import annotations

from dataclasses import dataclass

from domain.i18n import Msg, _


@dataclass(frozen=True)
class Processing:
    purpose: Msg
    legal_basis: Msg
    people: Msg
    data: Msg
    recipients: Msg
    retention: Msg


REGISTER: tuple[Processing, ...] = (
    Processing(_("Tenue du registre des copropriétaires et des lots"),
               _("Obligation légale (C. civ. art. 3.89 ; loi 1965 art. 17) — RGPD art. 6.1.c"),
               _("Copropriétaires, usufruitiers, nus-propriétaires"),
               _("Identité, coordonnées, lots, quotes-parts et droits avec leurs dates"),
               _("Syndic, comptable, conseil de copropriété (noms), copropriétaires (noms des co-indivisaires)"),
               _("Durée de la détention, puis le délai comptable (BE 7 ans, FR 10 ans) ; les noms restent aux "
                 "procès-verbaux et aux comptes")),
    Processing(_("Répartition des charges, comptes des copropriétaires, paiements"),
               _("Obligation légale et exécution du contrat de syndic — RGPD art. 6.1.b et c"),
               _("Copropriétaires"), _("Charges, paiements, soldes, factures"),
               _("Syndic, comptable, commissaire aux comptes, le copropriétaire concerné"),
               _("Délai comptable (BE 7 ans, FR 10 ans) à partir du 1er janvier suivant la dernière écriture")),
    Processing(_("Assemblées générales : convocations, présences, procurations, votes, procès-verbaux"),
               _("Obligation légale (C. civ. art. 3.87 ; loi 1965 art. 22-25) — RGPD art. 6.1.c"),
               _("Copropriétaires, mandataires"), _("Présence, procurations, votes nominatifs, adresse d'envoi"),
               _("Copropriétaires (procès-verbal)"), _("Les procès-verbaux sont conservés sans limite (archives)")),
    Processing(_("Envoi des convocations par courrier électronique"),
               _("Consentement écrit (C. civ. art. 3.87 § 3) — RGPD art. 6.1.a"), _("Copropriétaires"),
               _("Adresse électronique, consentement (qui, quand, comment)"), _("Prestataire d'envoi"),
               _("Jusqu'au retrait du consentement")),
    Processing(_("Comptes d'accès au portail et journal d'audit"),
               _("Intérêt légitime (sécurité) — RGPD art. 6.1.f"), _("Utilisateurs"),
               _("Adresse électronique, sessions, tentatives de connexion ; le journal d'audit ne garde que des "
                 "identifiants"), _("Syndic"), _("Durée du compte ; effacé avec la personne")),
)
