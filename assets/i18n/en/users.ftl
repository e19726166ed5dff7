# users: English

## The list (References › Users)
users-title = References › Users
users-shown = { $shown } of { $n } users
users-loading-short = loading…
users-failed-short = load failed
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
users-exported = exported { $n ->
        [one] { $n } user
       *[other] { $n } users
    } to { $path }
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

## The column chooser (c)
users-columns-title = Columns
users-columns-keys = Space show/hide · J/K or Shift-↑↓ move · Enter keep · Esc cancel
users-columns-hints = Space show/hide · J/K move · Enter keep · Esc cancel
users-columns-login-stays = the login is always shown
users-columns-kept = columns kept in { $path }
users-columns-session = columns set for this session (no config file to keep them in)
users-columns-not-kept = columns set, but not kept: { $error }
users-columns-no-fit = (does not fit at this width)

## Block and unblock (b)
users-block-title = Block the user
users-unblock-title = Unblock the user
users-block-question = Block { $user }? y/n
users-unblock-question = Unblock { $user }? y/n
users-block-what = Their credentials and aggregator licenses stop working at once.
users-unblock-what = They may sign in again.
users-block-keys = y block · n or Esc keep as is
users-unblock-keys = y unblock · n or Esc keep as is
users-blocking = blocking { $user }…
users-unblocking = unblocking { $user }…
users-blocked = blocked { $user }
users-unblocked = unblocked { $user }
users-block-refused = cannot block { $user }: { $why }
users-unblock-refused = cannot unblock { $user }: { $why }
users-block-failed = could not block { $user }
users-unblock-failed = could not unblock { $user }
users-block-unsaved = the card has unsaved edits: save them (Ctrl-S) or drop them first, or untick Login allowed and save it with them
