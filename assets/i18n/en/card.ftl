# card: English

## Tabs (full names, and short ones for narrow terminals)
card-tab-general = General
card-tab-rights = Roles & rights
card-tab-groups = Object groups
card-tab-access = Access to objects
card-tab-assessment = Assessment
card-tab-api = API access
card-tab-general-short = General
card-tab-rights-short = Roles
card-tab-groups-short = Groups
card-tab-access-short = Access
card-tab-assessment-short = Assessment
card-tab-api-short = API

## Frame
card-title-user = User { $login } · { $username }
card-modified = modified
card-title-copy = New user — copy of { $source }
card-title-new = New user
card-unsaved = unsaved
card-read-only = read-only: { $why }
card-footer = Ctrl-S save · Esc back
card-loading = Loading…
card-objects-loading-short = Loading objects…

## General tab
card-field-login = Login
card-field-login-new = Login (empty: next free)
card-field-username = Username
card-field-last-name = Last name
card-field-first-name = First name
card-field-patronymic = Patronymic
card-field-email = Email
card-field-phone = Phone
card-field-mobile = Mobile phone
card-field-position = Position
card-field-city = City
card-field-country = Country
card-field-comments = Comments
card-field-dealer = Dealer
card-dealer-quota = { $dealer } ({ $users } of { $quota } { $quota ->
        [one] user
       *[other] users
    })
card-field-source = Source
card-field-language = Interface language
card-field-login-allowed = Login allowed
card-allowed-yes = yes
card-allowed-no = no: blocked
card-field-unchangeable = { $field } cannot be changed

## Roles & rights tab
card-rights-roles = Roles
card-rights-group = Rights — { $group }
card-rights-from-role = from role
card-rights-granted = granted on the card
card-rights-roles-line = roles: { $roles }
card-rights-export = x exports every right to .xlsx
card-rights-hint = Hint
card-right-from-role = { $code } comes with a role; change the roles to remove it
card-group-users = Users
card-group-sub-dealers = Sub-dealers
card-group-objects = Objects
card-group-corporations = Corporations
card-group-licenses = Licenses
card-group-keys = Keys and requests
card-group-reports = Reports
card-group-dealer-data = Dealer data
card-group-access-rights = Access rights
card-role-admin = the vendor's service manager: everything, all dealers
card-role-dealer-manager = highest dealer level: all lower rights, creates users of its dealer, sees its sub-dealers
card-role-dealer-user = creates objects and corporations, views reports; cannot create users
card-role-client = views object cards and the status of keys and licenses only
card-role-sub-dealer = views object cards and dealer data, generates licenses and SOS licenses, two reports
card-role-aggregator = integrator through White Server: API access and aggregator licenses

## Object groups tab
card-groups-loading = Loading object groups…
card-groups-help = Unit groups: Space gives or takes view on a group you manage · Ctrl-S saves · finer levels on tab 4
card-groups-direct = direct
card-groups-from = from { $name }
card-groups-from-hidden = from a group or account you do not see
card-groups-pending = pending
card-groups-none = No unit groups you can see.
card-groups-grant-removed = direct grant on { $name } removed (pending); the account still gives access
card-groups-level-pending = { $level } on { $name } pending; Ctrl-S saves
card-groups-nothing-pending = no pending group changes
card-level-none = none
card-level-view = view
card-level-execute = execute
card-level-edit = edit
card-level-manage = manage

## Assessment tab
card-assessment-none = No annual assessment on record.
card-assessment-passed = passed
card-assessment-failed = failed
card-assessment-year = Year
card-assessment-date = Date
card-assessment-score = Score
card-assessment-result = Result
card-assessment-comment = Examiner comment
card-assessments-failed = cannot load assessments: { $error }

## API access tab
card-api-loading = Loading API access…
card-api-failed = API access: { $error }
card-api-token = API token
card-api-token-keys = v reveal · c copy · R renew · P show the last copy
card-usr-title = Generate USR
card-usr-login = login
card-usr-password = password
card-usr-token = token
card-usr-never-stored = never stored
card-usr-make = Enter or u makes the header and copies it
card-usr-no-token = the token is not loaded
card-usr-no-password = type the password first (↓ to the password field)
card-usr-checking = checking the password with the service…
card-usr-wrong-password = the service refused this login and password: no header made; type the password again
card-usr-not-checked = the password could not be checked, no header made
card-license-id = Aggregator license (c copies the id)
card-license-product = Product
card-license-object = Object
card-license-expires = Expires
card-license-expired = { $date } expired
card-what-usr = USR header
card-what-license-id = license id
card-what-license-id-expired = license id (expired { $date }: the White Server refuses it)
card-what-token = API token
card-nothing-copied = nothing copied yet in this card
card-cannot-renew = cannot renew the token: { $why }
card-token-renewed = new API token for { $login }; the old one stopped working
card-token-not-renewed = token not renewed
card-not-copied = { $what } not copied: { $how }
card-copied-unconfirmed = { $what } copied { $how } · { $key } shows it to copy by hand
card-copied = { $what } copied { $how }

## Questions (popups)
card-discard-title = Unsaved changes
card-discard-question = Drop your unsaved changes?
card-discard-keys = y  drop them and leave    n  stay
card-conflict-title = Changed by someone else
card-conflict-reload = r  reload (drops your edits)
card-conflict-keep = k  keep your draft on top of the new version; Ctrl-S saves it
card-renew-title = Renew the API token
card-renew-question = Issue a new token? The old one stops working at once.
card-renew-keys = y  renew    n  keep the old one
card-manual-title = Copy by hand
card-manual-text = The clipboard could not be reached; select the text below:
card-last-copy-title = The last copy
card-last-copy-text = Sent to the clipboard; the terminal cannot confirm it arrived. If it did not, select the text below:
card-any-key-closes = any key closes
card-credentials-title = New user: shown once
card-credentials-password = password
card-credentials-token = API token
card-credentials-note = The LS emails the login and password to the user. p copies the password, t the token; any other key closes this.

## Status line
card-copying-user = copying user { $login }…
card-copy-opened = a copy: type its username, names and email; Ctrl-S shows what will be copied
card-cannot-copy = cannot copy: { $error }
card-no-history = a new user has no history yet
card-edits-dropped = edits dropped
card-already-saving = already saving…
card-not-saved-fields = not saved: { $n ->
        [one] { $n } field
       *[other] { $n } fields
    } to fix ({ $first })
card-nothing-to-save = nothing to save
card-objects-loading = still loading the objects: Ctrl-S again in a moment
card-saving = saving…
card-not-saved = not saved
card-not-saved-conflict = not saved: someone else changed this user; your draft is kept
card-not-saved-offline = not saved: { $error }; your edits are kept, Ctrl-S retries
card-not-saved-because = not saved: { $error }
card-no-command = no edits: there is no command to show
card-save-new-first = save the new user first
card-draft-rebased = your draft now sits on version { $version }; Ctrl-S saves it
card-cannot-reload = cannot reload the user
card-saved = saved user { $login } (version { $version })
card-created = created user { $login }
card-exported = exported { $n ->
        [one] { $n } right
       *[other] { $n } rights
    } to { $path }
card-export-failed = export failed: { $error }
card-copying = copying…
card-copy-refused = nothing of this copy may be made: see the plan's refusals
card-changed-meanwhile = { $who } changed this user meanwhile ({ $what }): your edits stay; Ctrl-S will offer to keep them
card-changed-shown = { $who } changed this user ({ $what }): the card shows it now

## Hints
card-hint-tabs = tabs
card-hint-tab-digits = tab
card-no-tab = this card has no tab { $n } (tabs 1–{ $last })
card-hint-save = save
card-hint-back = back
card-hint-help = help

## `/` on the Roles & rights and Groups tabs
card-find-status = { $n ->
        [one] { $n } match
       *[other] { $n } matches
    } · ↓↑ next · Enter stay · Esc back
## Editing a field, and the card's popups as layers of their own (issue #29)
card-credentials-closing = The LS emails the login and password to the user. p copies the password, t the token; Esc or Enter closes this (they are not shown again).
card-credentials-hints = p copy password  t copy token  Esc close
card-hint-edit = edit
card-hint-stop-editing = done
card-keys-doc-enter = edit the focused text field (typing starts editing too); while editing: the next field
card-keys-doc-esc = while editing: stop editing (the next Esc leaves the card)
card-keys-doc-home-end = first / last field
card-reload-unsaved = not reloaded: this card has unsaved edits (Ctrl-S saves them, Esc leaves without them)
# A required field left empty; shown after the field's first edit or the first Ctrl-S.
card-field-required = { $field } is required
