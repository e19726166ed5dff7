# object_card: English
ocard-levels-on-tab = levels are set on the { $tab } tab: Tab switches
ocard-nothing-pending = no pending levels
ocard-pending-on-leave = pending levels: Ctrl-S saves them, u undoes them
ocard-plan-title = levels on { $target }
# English says "levels" for every count, as it always has.
ocard-saving = saving { $n } levels…
ocard-cannot-open = cannot open the object
ocard-saved = { $n ->
    [one] saved { $n } level on { $name }
   *[other] saved { $n } levels on { $name }
}
ocard-not-saved = levels not saved (pending levels kept)
ocard-loading = Loading the object…
ocard-from-direct = direct
ocard-not-in-list = user { $login } is not in your loaded list (press r there)
ocard-tab-licenses = Licenses & keys
ocard-tab-access = Access for users
ocard-tab-units = Units
ocard-tab-accessors = Accessors
ocard-tab-details = Details
ocard-unit-line = code { $code }   city { $city }   corporation { $corporation }
ocard-licenses = Licenses
ocard-licenses-none = none
ocard-until = until { $date }
ocard-checking-own = reading your own levels, to show what this change takes from you…
ocard-expired = expired { $date }
ocard-keys = keys { $keys }
# English says "units" for every count, as it always has.
ocard-group-units = { $n } units; a level set on the { $tab } tab applies to every one
ocard-kind-unit-group = unit group
ocard-counts = { $reach } reach it · { $shown } shown · { $selected } selected · { $pending } pending
ocard-tab-switches = Tab switches
ocard-details-keys = ↑↓ scroll · Tab the access list · Esc close
ocard-no-match = no user matches
ocard-mask = users
