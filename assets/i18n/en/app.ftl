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
