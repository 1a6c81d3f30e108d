"""Who may do what: the whole access policy, in one place.

Two questions, asked by every use case through `require`:
1. May the active role do this action at all? `POLICY` maps each action to the roles allowed.
2. Does the actor reach the building concerned? The scope rules:
   - syndic, superadmin: every building of the organisation;
   - accountant: every building, unless the syndic assigned them some (then only those);
   - board_member: only the buildings whose board they sit on today (their mandates' dates);
   - owner: the buildings where they hold a lot, and there only their own records (lots, account, votes).
   The building sets of accountants and board members come with the actor (`Actor.buildings`, read with the
   token); an owner's reach is a filter on their user id that the queries apply (`Member.own_only`).

Templates never test a role: they ask `can.<verb>_<resource>` (e.g. `can.approve_expense` for
"expense.approve"), answered from the same table.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.i18n import Msg, _

SYNDIC, ACCOUNTANT, BOARD, OWNER, SUPERADMIN = "syndic", "accountant", "board_member", "owner", "superadmin"
ROLES = (SYNDIC, ACCOUNTANT, BOARD, OWNER)  # the roles a member of an organisation can hold
SCOPED = (ACCOUNTANT, BOARD)  # roles whose buildings are listed (member_buildings)
_STAFF = frozenset({SYNDIC, ACCOUNTANT, BOARD})
_OFFICE = frozenset({SYNDIC, ACCOUNTANT, BOARD, SUPERADMIN})
_EVERYONE = frozenset({SYNDIC, ACCOUNTANT, BOARD, OWNER, SUPERADMIN})
_MANAGERS = frozenset({SYNDIC, SUPERADMIN})
_CASHIERS = frozenset({SYNDIC, ACCOUNTANT})

POLICY: Mapping[str, frozenset[str]] = {
    # platform
    "organization.manage": frozenset({SUPERADMIN}),
    "member.invite": frozenset({SYNDIC}),
    "member.scope": frozenset({SYNDIC}),  # assign an accountant's buildings, a board member's mandates
    "dev_mail.read": _MANAGERS,
    "portal.use": frozenset({OWNER}),
    # register
    "building.read": _EVERYONE,
    "building.manage": _MANAGERS,
    "register.browse": _OFFICE,  # the organisation's lists of buildings' lots and owners
    "register.read": _EVERYONE,  # lots, owners and their rights (an owner: their own)
    "register.manage": _MANAGERS,  # lots, owners, rights, contacts, spreadsheet import
    # charges
    "expense.read": _OFFICE,
    "expense.draft": _CASHIERS,  # record or edit a draft, attach its invoice, a correcting entry, cancel a draft
    "expense.approve": frozenset({SYNDIC}),
    "expense.pay": _CASHIERS,
    "expense.cancel": frozenset({SYNDIC}),  # cancel an approved expense (a reversing entry)
    "key.read": _OFFICE,
    "key.edit": frozenset({SYNDIC}),
    "payment.read": _OFFICE,
    "payment.record": _CASHIERS,
    "statement.read": _EVERYONE,  # an owner's account; an owner: their own
    # meetings (general assemblies)
    "meeting.read": frozenset({SYNDIC, ACCOUNTANT, BOARD, OWNER}),
    "meeting.read_drafts": _STAFF,
    "meeting.follow": _STAFF,  # the firm's assemblies, the live screen, the attendance register, requests
    "meeting.manage": frozenset({SYNDIC}),  # draft, convene, cancel, hold, record presence and votes, minutes
    "meeting.mailings": frozenset({SYNDIC, BOARD}),  # who received the convocation and the minutes
    "meeting.vote": frozenset({OWNER}),  # an owner in the room votes from a phone
    "agenda_request.ask": frozenset({OWNER}),
    "agenda_request.handle": frozenset({SYNDIC}),
    # documents (what each role sees of a document: domain/rules/documents.py, by its visibility)
    "document.read": _EVERYONE,
    "document.manage": _MANAGERS,  # upload, new version, change visibility, delete
    # personal data (GDPR)
    "personal_data.export": frozenset({SYNDIC, SUPERADMIN, OWNER}),  # an owner: their own
    "personal_data.rectify": frozenset({OWNER}),  # an owner corrects their contact details from the portal
    "consent.manage": frozenset({SYNDIC, OWNER}),  # an owner: their own; the syndic records a paper consent
    "personal_data.erase": _MANAGERS,
    "privacy.manage": _MANAGERS,  # the register of processing, the data-breach log
    # handover (a building's whole file out, or into an empty organisation)
    "handover.export": _MANAGERS,
    "handover.import": _MANAGERS,
    # accounting (the books: an owner reads their own ledger through "statement.read")
    "ledger.read": _OFFICE,  # the chart, journals, ledgers, trial balance and annual accounts of a building
    "entry.post": _CASHIERS,  # a manual entry in the miscellaneous journal (a draft posted)
    "entry.draft": _CASHIERS,  # a manual entry saved as a draft, edited, deleted
    "year.close": _CASHIERS,  # pre-close and close a fiscal year
    "books.export": _OFFICE,  # the journal, the trial balance and the FEC as files
    # desk, members and notifications (the syndic's desk, users and access, in-app notices)
    "desk.read": frozenset({SYNDIC, ACCOUNTANT, SUPERADMIN}),  # the page of what needs doing, its charts
    "member.manage": _MANAGERS,  # the members' list, roles, revocation, invitations resent or cancelled, 2FA rule
    "notification.read": _EVERYONE,  # one's own notices, marked read, and their e-mail preferences
    # maintenance (tickets, contractors, quotes and works) and the board (the register of decisions, its report)
    "ticket.report": frozenset({SYNDIC, BOARD, OWNER, SUPERADMIN}),  # an owner: a common part or their own lot
    "ticket.read": _EVERYONE,  # an owner: their own tickets and their buildings' common-part tickets
    "ticket.triage": _MANAGERS,  # urgency, deadline, contractor, comments, the states
    "contractor.read": _OFFICE,  # a board member: the contractors at work in their building
    "contractor.manage": _MANAGERS,
    "quote.read": _OFFICE,  # works and their quotes, the competition threshold
    "quote.manage": _MANAGERS,  # works, quotes, the order, work report, invoice, expense; the AG's threshold
    "decision.read": _OFFICE,
    "decision.manage": _MANAGERS,
    "board_report.draft": frozenset({SYNDIC, BOARD, SUPERADMIN}),
    # calls (budgets, calls for funds, the working and reserve funds)
    "fund.read": _OFFICE,  # a building's funds, their bank accounts and balances
    "fund.manage": _MANAGERS,  # open a fund (working, reserve, works) with its bank account
    "budget.read": _OFFICE,
    "budget.draft": _MANAGERS,  # draft a year's budget (the reserve floor checked)
    "budget.approve": _MANAGERS,  # record the AG resolution that adopted it
    "call.read": _OFFICE,  # calls for funds with each owner's share
    "call.issue": _MANAGERS,  # draft, generate from the budget, preview and issue calls
    "call.cancel": _MANAGERS,  # cancel an issued call: its entry reversed, what was paid becomes a credit
    "settlement.post": _MANAGERS,  # post a period's charge settlement (the regularisation entry)
    "dues.read": _EVERYONE,  # what an owner owes; an owner: their own
    "notary_statement.read": _OFFICE,  # a lot's statement for the notary at a date (what the seller owes …)
    "reserve_rules.manage": _MANAGERS,  # record the AG's reserve-fund waiver and the provisional acceptance
    "sale.settle": _MANAGERS,  # settle a lot's sale: the working fund refunded to the seller, called from the buyer
    # bank (statements imported and matched; the payments they carry land in the owners' ledgers)
    "bank_statement.read": _OFFICE,  # the statements, their movements and what each matched
    "bank_statement.import": _CASHIERS,  # upload a CODA or CAMT.053 file: each movement posted and matched
    "bank_movement.assign": _CASHIERS,  # assign a movement left in suspense, confirm a proposal, undo a match
    # collection (the arrears, the reminder ladder, the holds)
    "arrears.read": _OFFICE,  # the arrears screens, the reminders sent, an owner's holds
    "reminder_policy.read": _OFFICE,
    "reminder_policy.manage": _CASHIERS,  # a building's ladder: delays, channels, costs
    "reminder.run": _CASHIERS,  # the next step now for a selection, a registered letter's deposit
    "hold.manage": _CASHIERS,  # a dispute, a payment plan, an estate: the ladder stops until its end
}

# What the refusal says, where a plainer sentence than the default helps.
_REFUSALS: Mapping[str, Msg] = {
    "organization.manage": _("Réservé aux administrateurs de la plateforme."),
    "building.manage": _("Seul le syndic peut créer, modifier ou supprimer un bâtiment."),
    "register.manage": _("Seul le syndic peut modifier le registre des lots et des propriétaires."),
    "meeting.manage": _("Seul le syndic peut préparer, convoquer et clôturer une assemblée."),
    "meeting.vote": _("Seuls les copropriétaires présents, leurs mandataires ou le syndic votent."),
    "agenda_request.ask": _("Seul un copropriétaire peut demander l'ajout d'un point."),
    "document.manage": _("Seul le syndic dépose, remplace ou supprime un document."),
    "personal_data.erase": _("Seul le syndic efface les données d'une personne."),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, their organisation and the role they act in now."""
    user_id: UUID
    email: str
    full_name: str
    org_id: UUID | None
    org_name: str | None
    role: str | None  # active role: syndic, accountant, board_member, owner, superadmin
    roles: list[str] = field(default_factory=list)
    is_superadmin: bool = False
    token_id: UUID | None = None
    locale: str = "fr"
    # the buildings an accountant was assigned or a board member sits on the board of (None: no such list)
    buildings: frozenset[UUID] | None = None


@dataclass(frozen=True)
class Member(Actor):
    """An actor allowed to act in an organisation: what `require` returns."""
    org_id: UUID
    role: str

    @property
    def own_only(self) -> UUID | None:
        """An owner's user id: the queries then keep only what the user holds (None for everyone else)."""
        return self.user_id if self.role == OWNER else None

    @property
    def building_ids(self) -> list[UUID] | None:
        """The buildings the member is limited to, for a query's filter (None: every building)."""
        return None if self.buildings is None else sorted(self.buildings)

    def reaches(self, building_id: UUID) -> bool:
        """Whether the building is within the member's listed buildings (owners are filtered by the queries)."""
        return self.buildings is None or building_id in self.buildings


# Actions on the platform itself, outside any organisation (a superadmin may have none).
PLATFORM = frozenset({"organization.manage"})


def allowed(actor: Actor | None, action: str) -> bool:
    """Whether the actor's active role may do `action` (an unknown action is a programming error)."""
    roles = POLICY[action]
    if actor is None or actor.role not in roles or (actor.role == SUPERADMIN and not actor.is_superadmin):
        return False
    return actor.org_id is not None or action in PLATFORM


def _refuse(action: str) -> Forbidden:
    return Forbidden(_REFUSALS.get(action, _("Votre rôle actif ne permet pas cette action.")))


def require_platform(actor: Actor, action: str) -> Actor:
    """The actor, if allowed a platform action (no organisation needed), or Forbidden."""
    if action not in PLATFORM or not allowed(actor, action):
        raise _refuse(action)
    return actor


def require(actor: Actor, action: str, building_id: UUID | None = None) -> Member:
    """The actor as a member allowed to do `action` (in `building_id` when given), or Forbidden / NotFound."""
    if not allowed(actor, action) or actor.org_id is None or actor.role is None:
        raise _refuse(action)
    member = actor if isinstance(actor, Member) else Member(
        actor.user_id, actor.email, actor.full_name, actor.org_id, actor.org_name, actor.role, actor.roles,
        actor.is_superadmin, actor.token_id, actor.locale, actor.buildings)
    if building_id is not None:
        within(member, building_id)
    return member


def within(member: Member, building_id: UUID, kind: str = "building") -> None:
    """NotFound unless the building is within the member's listed buildings (never say it exists)."""
    if not member.reaches(building_id):
        raise NotFound(kind, building_id)


def scope_of(role: str | None, listed: Iterable[UUID] | None) -> frozenset[UUID] | None:
    """The building set an actor carries: a board member's mandates (none: no building), an accountant's
    assignments (none: the whole organisation), nothing for the other roles."""
    if role == BOARD:
        return frozenset(listed or ())
    if role == ACCOUNTANT and listed:
        return frozenset(listed)
    return None


def template_name(action: str) -> str:
    """The name templates use for an action: "expense.approve" → "approve_expense"."""
    resource, verb = action.split(".")
    return f"{verb}_{resource}"


_BY_TEMPLATE_NAME = {template_name(a): a for a in POLICY}


class Can:
    """The policy's answers for one actor, for templates: `can.approve_expense`, `can.manage_meeting` …"""

    def __init__(self, actor: Actor | None) -> None:
        self._actor = actor

    def __getattr__(self, name: str) -> bool:
        try:
            action = _BY_TEMPLATE_NAME[name]
        except KeyError:
            raise AttributeError(name) from None
        return allowed(self._actor, action)


def can(actor: Actor | None) -> Can:
    """What the actor may do, to show or hide a link or a button (the use case still decides)."""
    return Can(actor)
