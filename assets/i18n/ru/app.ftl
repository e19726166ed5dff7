# app: Russian
users-count = { $n ->
    [one] { $n } пользователь
    [few] { $n } пользователя
   *[many] { $n } пользователей
}
app-signed-in = вход выполнен
app-cannot-sign-in = не удалось войти
app-cannot-load-dealers = не удалось загрузить дилеров
sign-in-title = Вход
sign-in-server = Сервер
sign-in-login = Логин
sign-in-password = Пароль
sign-in-bad-login = логин: { $why }
sign-in-no-password = введите пароль
sign-in-esc = введите пароль и нажмите Enter (Ctrl-C — выход)
sign-in-signing-in = вход как { $login }…
sign-in-waiting = вход…
sign-in-intro = Сервис просит ваш логин и пароль.
sign-in-keys = Enter — войти · Tab — следующее поле · Ctrl-C — выход
sign-in-hints = Enter войти  Tab следующее поле  Ctrl-C выход
