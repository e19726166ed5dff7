# objects: English
level-none = none
level-view = view
level-execute = execute
level-edit = edit
level-manage = manage
levels-objects = { $n ->
    [one] { $n } object
   *[other] { $n } objects
}
levels-users = { $n ->
    [one] { $n } user
   *[other] { $n } users
}
levels-not-changed = not changed: { $why }
levels-pending-skipped = { $level } pending on { $things }; { $skipped } skipped ({ $why }…)
levels-pending = { $level } pending on { $things }; Ctrl-S saves
levels-undone = { $n } pending levels undone
kind-account = account
kind-group = group
kind-unit = unit
kind-user = user
tree-unselected-hidden = { $n ->
    [one] the mask hides { $n } selected object: unselected ({ $left } still selected)
   *[other] the mask hides { $n } selected objects: unselected ({ $left } still selected)
}
tree-why-none = no grant reaches it
tree-why-direct = granted directly
tree-why-group = from group { $name }
tree-why-account = from account { $name }
tree-why-hidden = from a group or account you do not see
tree-why-effective = effective: { $level } — { $from }
tree-why-direct-level = direct: { $level }
tree-why-pending = pending: { $level }, then in effect: { $then } (Ctrl-S saves)
tree-why-read-only = read-only: { $why }
tree-why-title = Why this level
tree-counts = { $shown } shown · { $selected } selected · { $pending } pending
tree-no-match = No object matches the mask.
tree-too-many = More than { $big } objects ({ $n }): too many to list at once.
    Type / and a mask (* any run, ? one character), then Enter.
tree-direct-tag = direct { $tag }
tree-inherited-change = inherited
tree-read-only = read-only
tree-mask = mask
hint-mask = mask
hint-select = select
hint-save = save
hint-back = back
hint-help = help
tree-saving = { $n ->
    [one] saving { $n } access change…
   *[other] saving { $n } access changes…
}
tree-nothing-pending = no pending access changes
tree-reading-to-copy = reading { $name } to copy it…
tree-copy-needs-group = C copies a unit group: put the cursor on one
tree-selection-cleared = selection cleared
tree-creating = creating { $name }…
tree-copy-name = { $name } (copy)
tree-cannot-load-levels = cannot load access levels
tree-saved = { $n ->
    [one] saved { $n } access change for user { $login }
   *[other] saved { $n } access changes for user { $login }
}
tree-not-saved = access not saved (pending levels kept)
tree-cannot-copy = cannot copy the group
tree-created = created { $name } ({ $id }): its units and accessors copied
tree-not-created = not created
tree-pending-on-leave = pending access changes: Ctrl-S saves them, u undoes them
objects-title = Objects — your access
objects-loading = Loading objects…
plan-you = { $login } (you)
plan-levels-for = access levels for user { $login }
tree-levels-loading = the levels are still loading: try again in a moment
tree-why-role = from role { $role } of { $name }
tree-why-and = {"; "}
levels-nothing-to-change = nothing to change: { $why }
levels-nothing-selected = nothing is selected
levels-unchanged-more = { $why } (and { $n } more)
levels-already = { $name } already has { $level } directly
levels-no-effect = { $name } stays { $now } ({ $from }); a direct { $level } there changes nothing in effect
tree-nothing-to-save = nothing to change: no pending access changes
tree-read-only-hidden = { $n } read-only hidden
tree-read-only-shown = read-only branches shown ({ $key } folds them away again)
tree-read-only-folded = { $n ->
    [one] { $n } read-only row folded away ({ $key } shows it)
   *[other] { $n } read-only rows folded away ({ $key } shows them)
}
tree-no-read-only = no read-only branch among the rows shown
tree-unselected-folded = { $n ->
    [one] the fold hides { $n } selected object: unselected ({ $left } still selected)
   *[other] the fold hides { $n } selected objects: unselected ({ $left } still selected)
}
tree-all-read-only = everything shown is read-only: nothing is folded away
