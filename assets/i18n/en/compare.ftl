# compare: English
compare-still-loading = still loading the users and objects
compare-nothing-selected = nothing selected
compare-showing-all = every row (a: only the differences)
compare-showing-differences = only the rows that differ (a: every row)
compare-selection-cleared = selection cleared
compare-applying = applying…
compare-cannot-compare = cannot compare
# what: what was written ("3 roles and rights, 5 levels").
compare-copied = copied { $what } to user { $login }
compare-not-applied = not applied
compare-title = Compare { $a } ↔ { $b }
compare-footer = { $differ } differ of { $total } · { $shown } shown · { $selected } selected
compare-loading = Loading both users and the objects…
compare-same = The two users have the same roles, rights and levels that you can see (a: every row).
compare-hint-select = select
compare-hint-copy-a-to-b = copy →
compare-hint-copy-b-to-a = copy ←
compare-hint-all = all
compare-hint-back = back
compare-yes = yes
compare-no = no
compare-from-card = card
compare-from-role = role { $role }
compare-label-role = role { $role }
compare-label-right = right { $right }
compare-copied-card = roles and rights
compare-copied-levels = { $n ->
        [one] { $n } level
       *[other] { $n } levels
    }
compare-copied-both = roles and rights and { $n ->
        [one] { $n } level
       *[other] { $n } levels
    }
# A level that comes with a role on an object: "role DEALER_USER of group «Fuel»".
compare-from-role-of = role { $role } of { $name }
