# cli: English
# What `lsc`'s commands say in words: plan headers and summaries, counts, refusals around the
# policy's own words (policy.ftl). Targets (`unit 12 (Cafe #1)`, `user 0004 (Test4)`), field
# names, role and right codes and the from/to values of a row stay as they are: they are what
# the flags and the JSON name.

## Plans (`lsc … --dry-run` and after applying)

cli-plan = plan: { $action }
cli-applied = applied: { $action }
cli-refused = refused: { $why }
# After applying: what was done.
cli-summary-done = changed { $change }, already so { $same }, refused { $refused }{ $moved }
cli-summary-created = created { $change }, skipped { $same }, refused { $refused }
cli-action-block = { $n ->
    [one] block { $n } user
   *[other] block { $n } users
}
cli-action-unblock = { $n ->
    [one] unblock { $n } user
   *[other] unblock { $n } users
}
cli-action-import = { $n ->
    [one] import { $n } user from { $file }
   *[other] import { $n } users from { $file }
}
cli-action-create = create a user in dealer { $dealer }
cli-action-update = update { $target }
cli-action-quota = set the user quota of { $target }
# $level: a level's name (objects.ftl level-…); $mask: as typed.
cli-action-levels-for = level { $level } for { $login } on '{ $mask }'
cli-action-levels-on = level { $level } on { $object } for '{ $mask }'
cli-action-levels-ids = { $n ->
    [one] level { $level } for { $login } on { $n } object
   *[other] level { $level } for { $login } on { $n } objects
}
# A level row whose grant changes nothing in effect; $from: where the level comes from
# (objects.ftl tree-why-…: "from group «Omsk»").
cli-in-effect-already = in effect: { $level } already, { $from }
cli-in-effect-still = in effect: { $level }, { $from }

## Counts and refusals

cli-refused-rows = { $total ->
    [one] the policy refused { $n } of { $total } row
   *[other] the policy refused { $n } of { $total } rows
}
cli-refused-rows-written = { $total ->
    [one] the policy refused { $n } of { $total } row (the rest was written)
   *[other] the policy refused { $n } of { $total } rows (the rest was written)
}
cli-not-saved = { $n ->
    [one] { $n } user was not saved
   *[other] { $n } users were not saved
}
cli-not-created = { $total ->
    [one] { $n } of { $total } row was not created
   *[other] { $n } of { $total } rows were not created
}
cli-copy-left-out = { $total ->
    [one] created { $login }; the policy left out { $n } of { $total } row (see the plan)
   *[other] created { $login }; the policy left out { $n } of { $total } rows (see the plan)
}
cli-nothing-to-revert = nothing to revert: every item moved on since, is back already or is refused
cli-users-shown = { $total ->
    [one] { $n } of { $total } user
   *[other] { $n } of { $total } users
}
cli-objects-count = { $n ->
    [one] { $n } object
   *[other] { $n } objects
}
cli-dealers-count = { $n ->
    [one] { $n } dealer
   *[other] { $n } dealers
}
cli-dealer-not-found = dealer { $id } not found (lsc dealers list shows the dealers you see)
cli-quota-bad = '{ $value }': a quota is a number of users from 0 to { $max }, or none
cli-blocked = blocked
cli-users-written = { $n ->
    [one] { $n } user written to { $file }
   *[other] { $n } users written to { $file }
}
cli-rights-written = { $n ->
    [one] { $n } right written to { $file }
   *[other] { $n } rights written to { $file }
}
cli-no-object = no object { $id } you can see
cli-no-user = no user { $login } you can see
cli-audit-none = no changes you may see match
cli-diff-same = { $a } and { $b } have the same roles, rights and levels (that you can see)

## Credentials (shown once)

cli-created = created { $login } ({ $name })
cli-password = password
cli-api-token = api token
cli-shown-once = (shown once: pass them on now)
cli-created-list = created (credentials shown once: pass them on now):

## Import

cli-import-invalid = invalid: { $why }
cli-import-more = { $why } (and { $n } more)
cli-import-exists = a user named { $name } exists ({ $login }): skipped
cli-import-twice = named on line { $line } already: skipped
cli-import-like-user = username looks like that of user { $login }: refused
cli-import-like-line = username looks like that of line { $line }: refused
cli-import-failed = not created: { $why }
cli-import-unknown-column = { $file }: unknown column '{ $column }' (known: { $known })
# Said after an unknown column holding another separator.
cli-import-separator-hint = ; the columns look separated by '{ $sep }': --separator '{ $sep }' reads them
cli-import-not-utf8 = { $file }: line { $line } is not UTF-8 text: save the file as "CSV UTF-8" (Excel) and import it again
cli-import-separator-csv = --separator is for a .csv file; { $file } is not one
