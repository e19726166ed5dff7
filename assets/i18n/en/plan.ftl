# plan: English
plan-summary = { $change } to change, { $same } already so, { $refused } refused{ $moved }
plan-summary-moved = , { $n } changed since
plan-lowers-own = { $n ->
    [one] this lowers your own access on { $n } object: you cannot raise it again yourself
   *[other] this lowers your own access on { $n } objects: you cannot raise it again yourself
}
plan-title = Plan: { $action }
plan-head = object · user · from → to   (✗ refused, = already so)
plan-then = in effect: { $level }
plan-nothing = nothing to apply · Esc drops the plan
plan-applies = { $n ->
    [one] Enter applies { $n } change as one batch · Esc drops the plan
   *[other] Enter applies { $n } changes as one batch · Esc drops the plan
}
plan-confirm = Lower your own access? y applies · any other key keeps the plan
plan-kept = plan kept: nothing was sent
plan-nothing-allowed = nothing in this plan may be applied: Esc drops it
plan-dropped = plan dropped: nothing was sent
plan-hint-apply = apply
plan-hint-drop = drop
plan-hint-scroll = scroll
copy-object-id = object { $id }

## The rows of the copies' plans (src/copy.rs); the English is what the CLI prints.
plan-member = member
plan-not-member = not a member
plan-new-user = new user ({ $name })
plan-created-in = created in
plan-no-role = you may give none of its roles, and a user needs one
plan-copy-user = copy user { $login } ({ $name })
plan-new-group = new group { $name }
plan-creator-manage = you get manage as its creator
plan-copy-group = copy group { $source } as { $name }
plan-right-from-role = it comes with a role of theirs: compare the role row
plan-object-unseen = object { $id } is not one you see
plan-comes-from = comes from { $source }: copy that row
plan-copy-rows = copy { $n } rows from { $from } to { $to }
plan-more-below = ↓ { $n ->
    [one] { $n } more row below (↓ PgDn)
   *[other] { $n } more rows below (↓ PgDn)
}
