# objects: Russian
level-none = нет
level-view = просмотр
level-execute = выполнение
level-edit = редактирование
level-manage = управление
levels-objects = { $n ->
    [one] { $n } объект
    [few] { $n } объекта
   *[many] { $n } объектов
}
levels-users = { $n ->
    [one] { $n } пользователь
    [few] { $n } пользователя
   *[many] { $n } пользователей
}
levels-not-changed = не изменено: { $why }
levels-pending-skipped = «{ $level }» ждёт сохранения: { $things }; пропущено { $skipped } ({ $why }…)
levels-pending = «{ $level }» ждёт сохранения: { $things }; Ctrl-S сохраняет
levels-undone = отменено несохранённых уровней: { $n }
kind-account = учётная запись
kind-group = группа
kind-unit = объект
kind-user = пользователь
tree-unselected-hidden = { $n ->
    [one] маска скрыла { $n } выбранный объект: выбор снят (выбрано ещё { $left })
    [few] маска скрыла { $n } выбранных объекта: выбор снят (выбрано ещё { $left })
   *[many] маска скрыла { $n } выбранных объектов: выбор снят (выбрано ещё { $left })
}
tree-why-none = ни одна выдача до него не доходит
tree-why-direct = выдан напрямую
tree-why-group = от группы { $name }
tree-why-account = от учётной записи { $name }
tree-why-hidden = от группы или учётной записи, которую вы не видите
tree-why-effective = действует: { $level } — { $from }
tree-why-direct-level = напрямую: { $level }
tree-why-pending = ждёт сохранения: { $level }, затем действует: { $then } (Ctrl-S сохраняет)
tree-why-read-only = только чтение: { $why }
tree-why-title = Почему этот уровень
tree-counts = показано { $shown } · выбрано { $selected } · ждёт { $pending }
tree-no-match = Ни один объект не подходит под маску.
tree-too-many = Объектов больше { $big } ({ $n }): слишком много, чтобы показать все.
    Нажмите / и введите маску (* любые символы, ? один символ), затем Enter.
tree-direct-tag = напрямую { $tag }
tree-inherited-change = по наследству
tree-read-only = только чтение
tree-mask = маска
hint-mask = маска
hint-select = выбрать
hint-save = сохранить
hint-back = назад
hint-help = справка
tree-saving = { $n ->
    [one] сохраняется { $n } изменение доступа…
    [few] сохраняются { $n } изменения доступа…
   *[many] сохраняется { $n } изменений доступа…
}
tree-nothing-pending = нет несохранённых изменений доступа
tree-reading-to-copy = читаю { $name }, чтобы скопировать…
tree-copy-needs-group = C копирует группу объектов: встаньте на неё курсором
tree-selection-cleared = выбор снят
tree-creating = создаётся { $name }…
tree-copy-name = { $name } (копия)
tree-cannot-load-levels = не удалось загрузить уровни доступа
tree-saved = { $n ->
    [one] сохранено { $n } изменение доступа пользователя { $login }
    [few] сохранено { $n } изменения доступа пользователя { $login }
   *[many] сохранено { $n } изменений доступа пользователя { $login }
}
tree-not-saved = доступ не сохранён (несохранённые уровни остались)
tree-cannot-copy = не удалось скопировать группу
tree-created = создана { $name } ({ $id }): её объекты и доступы скопированы
tree-not-created = не создано
tree-pending-on-leave = есть несохранённые изменения доступа: Ctrl-S сохраняет, u отменяет
objects-title = Объекты — ваш доступ
objects-loading = Загрузка объектов…
plan-you = { $login } (вы)
plan-levels-for = уровни доступа пользователя { $login }
tree-levels-loading = уровни ещё загружаются: повторите через мгновение
tree-why-role = от роли { $role } в { $name }
tree-why-and = {"; "}
levels-nothing-to-change = нечего менять: { $why }
levels-nothing-selected = ничего не выбрано
levels-unchanged-more = { $why } (и ещё { $n })
levels-already = у { $name } уже прямой уровень «{ $level }»
levels-no-effect = { $name } остаётся «{ $now }» ({ $from }); прямой уровень «{ $level }» здесь ничего не меняет на деле
tree-nothing-to-save = нечего менять: нет несохранённых изменений доступа
tree-read-only-hidden = скрыто только для чтения: { $n }
tree-read-only-shown = ветви только для чтения показаны ({ $key } снова сворачивает их)
tree-read-only-folded = { $n ->
    [one] свёрнута { $n } строка только для чтения ({ $key } показывает её)
    [few] свёрнуты { $n } строки только для чтения ({ $key } показывает их)
   *[many] свёрнуто { $n } строк только для чтения ({ $key } показывает их)
}
tree-no-read-only = среди показанного нет ветвей только для чтения
tree-unselected-folded = { $n ->
    [one] свёрнутая ветвь скрыла { $n } выбранный объект: выбор снят (выбрано ещё { $left })
    [few] свёрнутая ветвь скрыла { $n } выбранных объекта: выбор снят (выбрано ещё { $left })
   *[many] свёрнутая ветвь скрыла { $n } выбранных объектов: выбор снят (выбрано ещё { $left })
}
tree-all-read-only = всё показанное только для чтения: ничего не свёрнуто
