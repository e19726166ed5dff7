# cli: Russian
# Цели (`unit 12 (Cafe #1)`, `user 0004 (Test4)`), имена полей, коды ролей и прав и значения
# «было → станет» остаются как есть: их называют флаги и JSON.

## Планы

cli-plan = план: { $action }
cli-applied = применено: { $action }
cli-refused = отказано: { $why }
cli-summary-done = изменено: { $change }, уже так: { $same }, отказано: { $refused }{ $moved }
cli-summary-created = создано: { $change }, пропущено: { $same }, отказано: { $refused }
# Винительный одушевлённый: 1, 21 пользователя; 2, 5, 11 пользователей.
cli-action-block = { $n ->
    [one] заблокировать { $n } пользователя
   *[other] заблокировать { $n } пользователей
}
cli-action-unblock = { $n ->
    [one] разблокировать { $n } пользователя
   *[other] разблокировать { $n } пользователей
}
cli-action-import = { $n ->
    [one] импортировать { $n } пользователя из { $file }
   *[other] импортировать { $n } пользователей из { $file }
}
cli-action-create = создать пользователя у дилера { $dealer }
cli-action-update = изменить { $target }
cli-action-quota = задать квоту пользователей для { $target }
cli-action-levels-for = уровень «{ $level }» для { $login } на '{ $mask }'
cli-action-levels-on = уровень «{ $level }» на { $object } для '{ $mask }'
# Предложный: на 1, 21 объекте; на 2, 5 объектах.
cli-action-levels-ids = { $n ->
    [one] уровень «{ $level }» для { $login } на { $n } объекте
   *[other] уровень «{ $level }» для { $login } на { $n } объектах
}
cli-in-effect-already = уже действует «{ $level }» ({ $from })
cli-in-effect-still = будет действовать «{ $level }» ({ $from })

## Счёт и отказы

# Родительный после «из»: из 1, 21 строки; из 2, 5 строк.
cli-refused-rows = { $total ->
    [one] политика отказала в { $n } из { $total } строки
   *[other] политика отказала в { $n } из { $total } строк
}
cli-refused-rows-written = { $total ->
    [one] политика отказала в { $n } из { $total } строки (остальное записано)
   *[other] политика отказала в { $n } из { $total } строк (остальное записано)
}
cli-not-saved = { $n ->
    [one] { $n } пользователь не сохранён
    [few] { $n } пользователя не сохранены
   *[many] { $n } пользователей не сохранены
}
cli-not-created = { $total ->
    [one] не создано { $n } из { $total } строки
   *[other] не создано { $n } из { $total } строк
}
cli-copy-left-out = { $total ->
    [one] создан { $login }; политика не пропустила { $n } из { $total } строки (см. план)
   *[other] создан { $login }; политика не пропустила { $n } из { $total } строк (см. план)
}
cli-nothing-to-revert = отменять нечего: каждый пункт с тех пор изменился, уже возвращён или не разрешён
cli-users-shown = { $total ->
    [one] { $n } из { $total } пользователя
   *[other] { $n } из { $total } пользователей
}
cli-objects-count = { $n ->
    [one] { $n } объект
    [few] { $n } объекта
   *[many] { $n } объектов
}
cli-dealers-count = { $n ->
    [one] { $n } дилер
    [few] { $n } дилера
   *[many] { $n } дилеров
}
cli-dealer-not-found = дилер { $id } не найден (lsc dealers list покажет видимых вам дилеров)
cli-quota-bad = '{ $value }': квота — число пользователей от 0 до { $max } или none
cli-blocked = заблокирован
cli-users-written = { $n ->
    [one] { $n } пользователь записан в { $file }
    [few] { $n } пользователя записаны в { $file }
   *[many] { $n } пользователей записано в { $file }
}
cli-rights-written = { $n ->
    [one] { $n } право записано в { $file }
    [few] { $n } права записаны в { $file }
   *[many] { $n } прав записано в { $file }
}
cli-no-object = нет видимого вам объекта { $id }
cli-no-user = нет видимого вам пользователя { $login }
cli-audit-none = подходящих изменений, которые вам видны, нет
cli-diff-same = у { $a } и { $b } одинаковые роли, права и уровни (из тех, что вам видны)

## Данные для входа (показываются один раз)

cli-created = создан { $login } ({ $name })
cli-password = пароль
cli-api-token = API-токен
cli-shown-once = (показаны один раз: передайте их сейчас)
cli-created-list = созданы (данные для входа показаны один раз: передайте их сейчас):

## Импорт

cli-import-invalid = неверно: { $why }
cli-import-more = { $why } (и ещё { $n })
cli-import-exists = пользователь { $name } уже есть ({ $login }): пропущен
cli-import-twice = уже назван в строке { $line }: пропущен
cli-import-like-user = имя похоже на имя пользователя { $login }: отказано
cli-import-like-line = имя похоже на имя из строки { $line }: отказано
cli-import-failed = не создан: { $why }
cli-import-unknown-column = { $file }: неизвестный столбец '{ $column }' (известны: { $known })
cli-import-separator-hint = ; похоже, столбцы разделены '{ $sep }': их прочтёт --separator '{ $sep }'
cli-import-not-utf8 = { $file }: строка { $line } — не текст UTF-8: сохраните файл как «CSV UTF-8» (Excel) и импортируйте снова
cli-import-separator-csv = --separator — для файла .csv, а { $file } не такой
