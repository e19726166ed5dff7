# object_card: Russian
ocard-levels-on-tab = уровни задаются на вкладке «{ $tab }»: Tab переключает
ocard-nothing-pending = нет несохранённых уровней
ocard-pending-on-leave = есть несохранённые уровни: Ctrl-S сохраняет, u отменяет
ocard-plan-title = уровни доступа: { $target }
# English says "levels" for every count, as it always has.
ocard-saving = { $n ->
    [one] сохраняется { $n } уровень…
    [few] сохраняются { $n } уровня…
   *[many] сохраняется { $n } уровней…
}
ocard-cannot-open = не удалось открыть объект
ocard-saved = { $n ->
    [one] сохранён { $n } уровень доступа к «{ $name }»
    [few] сохранено { $n } уровня доступа к «{ $name }»
   *[many] сохранено { $n } уровней доступа к «{ $name }»
}
ocard-not-saved = уровни не сохранены (несохранённые уровни остались)
ocard-loading = Загрузка объекта…
ocard-from-direct = напрямую
ocard-not-in-list = пользователя { $login } нет в загруженном списке (нажмите там r)
ocard-tab-licenses = Лицензии и ключи
ocard-tab-access = Доступ пользователей
ocard-tab-units = Объекты
ocard-tab-accessors = Пользователи с доступом
ocard-tab-details = Сведения
ocard-unit-line = код { $code }   город { $city }   корпорация { $corporation }
ocard-licenses = Лицензии
ocard-licenses-none = нет
ocard-until = до { $date }
ocard-checking-own = читаю ваши собственные уровни, чтобы показать, что отнимет это изменение…
ocard-expired = истекла { $date }
ocard-keys = ключи { $keys }
# English says "units" for every count, as it always has.
ocard-group-units = { $n ->
    [one] { $n } объект; уровень на вкладке «{ $tab }» действует на каждый
    [few] { $n } объекта; уровень на вкладке «{ $tab }» действует на каждый
   *[many] { $n } объектов; уровень на вкладке «{ $tab }» действует на каждый
}
ocard-kind-unit-group = группа объектов
ocard-counts = доступ у { $reach } · показано { $shown } · выбрано { $selected } · ждёт { $pending }
ocard-tab-switches = Tab переключает
ocard-details-keys = ↑↓ прокрутка · Tab список доступа · Esc закрыть
ocard-no-match = ни один пользователь не подходит
ocard-mask = пользователи
