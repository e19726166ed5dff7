# audit: English

## What a row did (src/audit.rs): the verb, then the fields.
audit-did-created = created
audit-did-copied = copied
audit-did-changed = changed
audit-did-blocked = blocked
audit-did-unblocked = unblocked
audit-did-level = level
audit-did-renewed-token = renewed token
audit-did-created-dealer = created dealer
audit-did-reverted = reverted: { $what }
# A field emptied: `email: a@x → (empty)`.
audit-empty = (empty)
# The name of a revert's plan.
audit-plan-revert = revert change { $change }

## The audit pane
audit-title-all = Audit · every change you may see
audit-title-user = Audit · user { $login } { $name }
audit-title-object = Audit · { $name } (#{ $id })
audit-col-when = When
audit-col-who = Who
audit-col-what = What
audit-col-target = Target
audit-revert-busy = a revert is on its way
audit-revert-planning = planning the revert of change { $change }…
audit-search-cleared = search cleared
audit-reloading = reading the log again…
audit-cannot-read-log = cannot read the audit log
audit-cannot-read-change = cannot read the change
audit-revert-nothing = change { $change }: nothing to set back ({ $summary })
audit-cannot-plan-revert = cannot plan the revert
audit-reverted = change { $change } reverted: { $n ->
    [one] { $n } item
   *[other] { $n } items
} set back
audit-not-reverted = not reverted
audit-reverting = reverting change { $change }…
audit-loading = loading…
audit-footer-more = { $shown } of { $total }+ changes · live
audit-footer = { $shown } of { $total } changes · live
audit-none = no changes you may see here
audit-hint-searching = type to filter · Tab next field · Enter keep · Esc clear
audit-hint-revert = revert
audit-hint-close = close
audit-hint-search = search
audit-hint-fields = fields
audit-hint-back = back
audit-hint-help = help
audit-reverts = reverts change { $change }
audit-reverted-by = reverted by change { $change }
audit-change-title = Change { $change }

## People's words for what the log names (src/i18n/words.rs): fields the card has no label for,
## and values in words (a user's fields use the card's labels, card-field-…).
audit-field-rights = Rights
audit-field-password = Password
audit-field-copy-of = Copy of
audit-field-level = Level
audit-field-user-quota = User quota
audit-field-name = Name
audit-field-members = Members
# Login allowed: true → false reads allowed → blocked.
audit-value-allowed = allowed
audit-value-blocked = blocked
audit-value-english = English
audit-value-russian = Russian
audit-value-set = set
audit-value-renewed = renewed
