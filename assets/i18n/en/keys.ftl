# keys: English

## The help's sections (one per key map context)
keys-section-global = Everywhere
keys-section-users = Users list
keys-section-card = User card
keys-section-api = API access tab
keys-section-tree = Objects tree
keys-section-object-card = Object card
keys-section-plan = Plan
keys-section-compare = Compare users
keys-section-audit = Audit log
keys-section-search = Search fields

## What an action does, for the help (keys-<context>-<action>; shared texts by what they do)
keys-global-quit = quit
keys-global-help = help for this pane
keys-global-command-line = command line: :users, :user 0004, :obj MASK, :blocked, :compare A B, :audit, :reload, :q
keys-global-toggle-mouse = mouse capture on/off
keys-rows-up = previous row
keys-rows-down = next row
keys-rows-page-up = page up
keys-rows-page-down = page down
keys-rows-top = first row
keys-rows-bottom = last row
keys-columns-left = focus the previous column
keys-columns-right = focus the next column
keys-columns-search = search: a field under every column
keys-selection-clear-close = clear the selection; then close
keys-selection-clear-back = clear the selection; then back
keys-user-copy = copy the user: a new user with its roles, rights and grants (a plan first)
keys-user-history = the user's history: every change to it you may see
keys-user-block = block or unblock the user (asks y/n first)
keys-object-history = the object's history: its changes and the levels set on it
keys-users-compare = mark the user to compare; on a second user: compare the two
keys-users-clear-filters = clear the search
keys-users-sort = sort by the focused column (again: reverse)
keys-users-open = open the user's card
keys-users-reload = reload from the server
keys-users-export = export the rows shown to .xlsx
keys-users-columns = choose the columns shown and their order (kept in the config)
keys-users-new = new user (managers)
keys-audit-clear-filters = clear the search; then close
keys-audit-open = the change, field by field (a batch: all its rows)
keys-audit-revert = revert the change: a plan of what is set back, then Enter
keys-audit-reload = read the log again
keys-audit-back = close the change; then back
keys-plan-apply = apply the rows the policy allows, as one batch
keys-plan-back = drop the plan: nothing is sent
keys-compare-show-all = show every row / only the rows that differ
keys-compare-toggle = select the row
keys-compare-select-all = select every row shown
keys-compare-copy-a-to-b = copy the selected rows from the left user to the right (a plan first)
keys-compare-copy-b-to-a = copy the selected rows from the right user to the left (a plan first)
keys-card-next-tab = next tab
keys-card-search = search the roles and rights or the groups by name
keys-card-prev-tab = previous tab
keys-card-up = previous field
keys-card-down = next field
keys-card-toggle = tick a check box, role or right
keys-card-save = save (with the version the card was loaded at)
keys-card-export-rights = export every right with its descriptions to .xlsx
keys-card-reload = reload the card
keys-card-back = back to the list (asks when there are edits)
keys-card-show-command = the lsc command that saves these edits (c copies it)
keys-object-card-tabs = switch tab: details (licenses and keys, units) / access
keys-object-card-search = mask over login and name; Enter applies
keys-object-card-toggle = select the user
keys-api-reveal = reveal or mask the token
keys-api-copy = copy the token (on a license row: its id)
keys-api-renew = issue a new token (asks first)
keys-api-usr = make the USR header from the typed password and copy it
keys-api-show-copy = show the last copied text, for a copy by hand
keys-tree-copy-group = copy the unit group: same units and accessors (a plan first)
keys-tree-show-command = the lsc commands that save the pending levels (c copies them)
keys-tree-search = mask: * any run, ? one character; Enter applies, Esc cancels
keys-tree-toggle = select the node alone (a group's level reaches its units)
keys-tree-toggle-branch = select the node with everything under it (each gets its own level)
keys-tree-select-all = select everything shown
keys-tree-level-none = pending level: none, on the selection
keys-tree-level-view = pending level: view
keys-tree-level-execute = pending level: execute
keys-tree-level-edit = pending level: edit
keys-tree-level-manage = pending level: manage
keys-tree-undo = undo the pending levels
keys-tree-explain = why this level (direct, from a group, from an account)
keys-tree-open = open the object's card
keys-tree-save = save the pending levels as one batch
keys-tree-fold = fold the branch (on a row with nothing to fold: to its parent)
keys-tree-unfold = unfold the branch (on an open one: to the first row under it)
keys-tree-read-only = show the read-only branches, or fold them away again
keys-doc-mask-history = in the mask field: earlier masks (kept across restarts)

## Keys of text fields (documented, not remappable)
keys-doc-card-tabs = go to a tab (Alt while typing in a field)
keys-doc-typing = typing
keys-doc-card-typing = edits the focused text field; gray fields cannot be edited
keys-doc-shift-move = Shift + a move key
keys-doc-extend = extend a contiguous selection
keys-doc-type = type
keys-doc-search-type = narrow the rows (* any run, ? one character)
keys-doc-search-tab = next / previous column's field
keys-doc-search-enter = keep the filter, back to the rows
keys-doc-search-esc = clear every field, back to the rows
keys-doc-search-ctrl-u = clear this field

## Hint lines
# An action with no key, in a hint line.
keys-unbound = (unbound)

## The help popup
keys-help-title = Keys
keys-help-close = any key closes this help
keys-help-hint = ↑↓ PgUp PgDn scroll · any other key closes
keys-help-scroll = ↑↓ PgUp PgDn scroll
keys-help-position = { $from }–{ $to } of { $total }

## "Show the command" popup
keys-command-title = The same change from the command line — c copies
keys-command-hint = c copy · any other key closes
# What was copied, as the status line names it: "copied the command to the system clipboard".
keys-command-what = the command
# how: where it went ("to the system clipboard").
keys-command-copied = copied { $what } { $how }
