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
app-changes-allowed = изменения разрешены до конца сеанса
app-still-read-only = по-прежнему только чтение
app-mouse-on = мышь включена: щелчок по строке открывает её (Shift+перетаскивание выделяет текст)
app-mouse-off = мышь выключена: терминал выделяет текст как обычно
app-still-signing-in = вход ещё не завершён; попробуйте через секунду
app-changes-allowed-already = изменения уже разрешены
app-allow-changes = разрешить изменения до конца сеанса ({ $why })? y/n
app-profile-none = нет
app-profile-now = профиль: { $name }; :profile ИМЯ переключает
app-profile-switching = вход с профилем { $name }…
app-profile-switched = профиль { $name }
app-profile-failed = профиль { $name }: { $error }
app-read-only-profile = профиль { $name }
app-usage-compare = так: :compare ЛОГИН ЛОГИН (два разных пользователя, например :compare 0004 0006)
app-usage-audit = так: :audit (все изменения, которые вам видны) или :audit ЛОГИН (история пользователя)
app-read-only-now = только чтение: ничего не записывается до :write
app-read-only-chosen = выбрано командой :read-only
app-unknown-command = неизвестная команда ':{ $command }' (есть :users, :user ЛОГИН, :objects, :obj МАСКА, :blocked, :audit, :compare A B, :reload, :profile, :write, :help, :q)
app-not-sent = не отправлено: { $why }
app-cannot-load-users-note = Не удалось загрузить пользователей с { $server }: { $why }. Нажмите { $key }, чтобы повторить.
app-cannot-load-users = не удалось загрузить пользователей
app-cannot-load-objects = не удалось загрузить объекты
app-users-loaded = { $n ->
    [one] загружен { $n } пользователь
    [few] загружено { $n } пользователя
   *[many] загружено { $n } пользователей
}
app-usage-user = так: :user ЛОГИН (например :user 0004)
app-no-such-user = среди видимых вам пользователей нет { $login }
## Status line
status-reloading = обновление…
status-no-completion = нечего дополнить
status-reading-objects = читаю объекты: через миг нажмите Tab ещё раз
status-read-only = ТОЛЬКО ЧТЕНИЕ
status-insecure-tls = НЕБЕЗОПАСНЫЙ TLS
status-connecting = подключение
status-offline = нет связи
## Keys line under a level list
session-range = диапазон
session-all = все
session-level = уровень
session-undo = отменить
session-why = почему
## Where a copy went ("… copied to the system clipboard")
clip-system = в системный буфер обмена
clip-osc52-tmux = через OSC 52 и в буфер tmux (без подтверждения)
clip-osc52 = через OSC 52 в ваш терминал (без подтверждения)
clip-tmux = в буфер вставки tmux
clip-off = никуда: буфер обмена выключен
clip-failed = никуда: { $error }
app-quit-unsaved = есть несохранённые изменения (черновик карточки или ожидающие уровни): выйти и потерять их? y/n (Ctrl-C ещё раз — выход)
app-quit-cancelled = выход отменён: несохранённые изменения на месте
app-command-unsaved = :{ $command } оставит несохранённые изменения (черновик карточки или ожидающие уровни): продолжить и потерять их? y/n
app-command-cancelled = остаёмся: несохранённые изменения на месте
field-cut = поле вмещает не больше { $max } символов: остальное не введено
sign-in-token = API-токен
sign-in-no-token = введите API-токен (он не настроен)
sign-in-intro-token = API-токен не настроен: введите его вместе с логином и паролем.
card-usr-refused = сервис отклонил этот логин и пароль: заголовок не создан; u — ввести пароль снова
