# app: English
users-count = { $n ->
    [one] { $n } user
   *[other] { $n } users
}
app-signed-in = signed in
app-cannot-sign-in = cannot sign in
app-cannot-load-dealers = cannot load dealers
sign-in-title = Sign in
sign-in-server = Server
sign-in-login = Login
sign-in-password = Password
sign-in-bad-login = login: { $why }
sign-in-no-password = type the password
sign-in-esc = type the password and press Enter (Ctrl-C quits)
sign-in-signing-in = signing in as { $login }…
sign-in-waiting = signing in…
sign-in-intro = The service wants your login and password.
sign-in-keys = Enter signs in · Tab next field · Ctrl-C quits
sign-in-hints = Enter sign in  Tab next field  Ctrl-C quit
app-changes-allowed = changes allowed for this session
app-still-read-only = still read-only
app-mouse-on = mouse on: click a row to open it (Shift-drag selects text)
app-mouse-off = mouse off: the terminal selects text as usual
app-still-signing-in = still signing in; try again in a moment
app-changes-allowed-already = changes are allowed already
app-allow-changes = allow changes for this session ({ $why })? y/n
app-profile-none = none
app-profile-now = profile: { $name }; :profile NAME switches
app-profile-switching = signing in with profile { $name }…
app-profile-switched = profile { $name }
app-profile-failed = profile { $name }: { $error }
app-read-only-profile = profile { $name }
app-usage-compare = usage: :compare LOGIN LOGIN (two different users, e.g. :compare 0004 0006)
app-usage-audit = usage: :audit (every change you may see) or :audit LOGIN (one user's history)
app-read-only-now = read-only: nothing is written until :write
app-read-only-chosen = chosen with :read-only
app-unknown-command = unknown command ':{ $command }' (try :users, :user LOGIN, :objects, :obj MASK, :blocked, :audit, :compare A B, :reload, :profile, :write, :help, :q)
app-not-sent = not sent: { $why }
app-cannot-load-users-note = Cannot load the users from { $server }: { $why }. Press { $key } to try again.
app-cannot-load-users = cannot load users
app-cannot-load-objects = cannot load objects
app-users-loaded = { $n ->
    [one] { $n } user loaded
   *[other] { $n } users loaded
}
app-usage-user = usage: :user LOGIN (e.g. :user 0004)
app-no-such-user = no user { $login } among those you see
## Status line
status-reloading = reloading…
status-no-completion = nothing to complete
status-reading-objects = reading the objects: Tab again in a moment
status-read-only = READ-ONLY
status-insecure-tls = INSECURE TLS
status-connecting = connecting
status-offline = offline
## Keys line under a level list
session-range = range
session-all = all
session-level = level
session-undo = undo
session-why = why
## Where a copy went ("… copied to the system clipboard")
clip-system = to the system clipboard
clip-osc52-tmux = via OSC 52 and tmux's buffer (unconfirmed)
clip-osc52 = via OSC 52 to your terminal (unconfirmed)
clip-tmux = into tmux's paste buffer
clip-off = nowhere: the clipboard is off
clip-failed = nowhere: { $error }
app-quit-unsaved = unsaved changes (a card draft or pending levels): quit and lose them? y/n (Ctrl-C again quits)
app-quit-cancelled = not quitting: the unsaved changes are still there
app-command-unsaved = :{ $command } leaves unsaved changes (a card draft or pending levels): go on and lose them? y/n
app-command-cancelled = stayed: the unsaved changes are still there
field-cut = the field takes at most { $max } characters: the rest was not typed
sign-in-token = API token
sign-in-no-token = type the API token (none is configured)
sign-in-intro-token = No API token is configured: type it with your login and password.
card-usr-refused = the service refused this login and password: no header made; u types the password again
