# app: Russian
users-count = { $n ->
    [one] { $n } пользователь
    [few] { $n } пользователя
   *[many] { $n } пользователей
}
