"""The personal-data export as a readable PDF (the same data as the JSON, with the fields named in words)."""
from __future__ import annotations

from typing import Any

from web.documents import pdf
from web.i18n import gettext as t


def labels() -> dict[str, str]:
    """The export's field names in the reader's language."""
    return {
        "kind": t("Type"), "first_name": t("Prénom"), "last_name": t("Nom"), "company_name": t("Dénomination"),
        "company_number": t("Numéro d'entreprise"), "language": t("Langue"), "created_at": t("Enregistré le"),
        "anonymized_at": t("Effacé le"), "email": t("E-mail"), "phone": t("Téléphone"), "address": t("Adresse"),
        "city": t("Ville"), "postal_code": t("Code postal"), "country": t("Pays"),
        "accepts_email_notices": t("Convocations par courriel"), "shares_contact": t("Coordonnées partagées"),
        "building": t("Immeuble"), "lot": t("Lot"), "right_kind": t("Droit"), "share_num": t("Part (num.)"),
        "share_den": t("Part (dén.)"), "start_date": t("Depuis"), "end_date": t("Jusqu'au"),
        "is_contact": t("Contact du lot"), "day": t("Date"), "label": t("Libellé"), "amount": t("Montant"),
        "meeting_date": t("Assemblée du"), "position": t("Point"), "title": t("Titre"), "choice": t("Vote"),
        "quota": t("Quote-part"), "cast_at": t("Voté le"), "status": t("Présence"),
        "proxy_holder_name": t("Mandataire"), "recorded_at": t("Noté le"), "category": t("Catégorie"),
        "document_date": t("Date du document"), "file_name": t("Fichier"), "sha256": "SHA-256",
        "document": t("Document"), "channel": t("Canal"), "purpose": t("Finalité"), "given_at": t("Donné le"),
        "given_by": t("Par"), "method": t("Comment"), "evidence": t("Preuve"), "withdrawn_at": t("Retiré le"),
        "withdrawn_by": t("Retiré par"), "withdrawn_method": t("Retiré comment"), "id": "id",
    }


async def personal_data_pdf(data: dict[str, Any]) -> bytes:
    """Everything held about a person, laid out for reading."""
    return await pdf("privacy/personal_data_pdf.html", data=data, labels=labels())
