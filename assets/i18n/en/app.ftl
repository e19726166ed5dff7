# app: English
users-count = { $n ->
    [one] { $n } user
   *[other] { $n } users
}
