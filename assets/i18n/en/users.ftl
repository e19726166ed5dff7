# users: English

## The list (References › Users)
users-title = References › Users
users-shown = { $shown } of { $n } users
users-loading-short = loading…
users-loading = Loading users…
users-none-match = No user matches the search. Esc clears it.
users-none = No users.

## Column titles
users-col-login = Login
users-col-username = Username
users-col-roles = Roles
users-col-dealer = Dealer
users-col-email = Email
users-col-phone = Phone
users-col-mobile = Mobile
users-col-source = Source
users-col-last-sign-in = Last sign-in

## Status line
users-search-cleared = search cleared
users-mark-cleared = mark cleared
users-marked = { $login } marked: = on another user compares the two
users-exporting = exporting { $n ->
        [one] { $n } user
       *[other] { $n } users
    }…
users-cannot-open = cannot open the user
users-exported = exported { $what } to { $path }
users-export-failed = export failed: { $error }

## Hints
users-search-hints = type to filter · Tab next field · Enter keep · Esc clear
users-hint-search = search
users-hint-sort = sort
users-hint-open = open
users-hint-help = help
users-hint-quit = quit
users-blocked-only = blocked only
users-blocked-on = only blocked users are listed (:blocked again lists everyone)
users-blocked-off = every user is listed again
