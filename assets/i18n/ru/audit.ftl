# audit: Russian

## What a row did (src/audit.rs): the verb, then the fields.
audit-did-created = создан
audit-did-copied = скопирован
audit-did-changed = изменён
audit-did-blocked = заблокирован
audit-did-unblocked = разблокирован
audit-did-level = уровень
audit-did-renewed-token = обновлён токен
audit-did-created-dealer = создан дилер
audit-did-reverted = откат: { $what }
# A field emptied: `email: a@x → (пусто)`.
audit-empty = (пусто)
# The name of a revert's plan.
audit-plan-revert = откат изменения { $change }

## The audit pane
audit-title-all = Журнал изменений · всё, что вам видно
audit-title-user = Журнал изменений · пользователь { $login } { $name }
audit-title-object = Журнал изменений · { $name } (#{ $id })
audit-col-when = Когда
audit-col-who = Кто
audit-col-what = Что
audit-col-target = Над чем
audit-revert-busy = откат уже выполняется
audit-revert-planning = составляю план отката изменения { $change }…
audit-search-cleared = поиск очищен
audit-reloading = читаю журнал заново…
audit-cannot-read-log = не удалось прочитать журнал изменений
audit-cannot-read-change = не удалось прочитать изменение
audit-revert-nothing = изменение { $change }: откатывать нечего ({ $summary })
audit-cannot-plan-revert = не удалось составить план отката
audit-reverted = изменение { $change } откачено: { $n ->
    [one] возвращено { $n } значение
    [few] возвращено { $n } значения
   *[many] возвращено { $n } значений
}
audit-not-reverted = не откачено
audit-reverting = откатываю изменение { $change }…
audit-loading = загрузка…
# "N+": more than N, always the genitive plural.
audit-footer-more = { $shown } из { $total }+ изменений · в реальном времени
audit-footer = { $shown } из { $total } { $total ->
    [one] изменения
   *[many] изменений
} · в реальном времени
audit-none = здесь нет изменений, которые вам видны
audit-hint-searching = печатайте для фильтра · Tab след. поле · Enter оставить · Esc очистить
audit-hint-revert = откатить
audit-hint-close = закрыть
audit-hint-search = поиск
audit-hint-fields = поля
audit-hint-back = назад
audit-hint-help = справка
audit-reverts = откатывает изменение { $change }
audit-reverted-by = откачено изменением { $change }
audit-change-title = Изменение { $change }

## People's words for what the log names (src/i18n/words.rs): fields the card has no label for,
## and values in words (a user's fields use the card's labels, card-field-…).
audit-field-rights = Права
audit-field-password = Пароль
audit-field-copy-of = Копия
audit-field-level = Уровень
audit-field-user-quota = Квота пользователей
audit-field-name = Название
audit-field-members = Состав
# Вход разрешён: true → false читается как разрешён → заблокирован.
audit-value-allowed = разрешён
audit-value-blocked = заблокирован
audit-value-english = английский
audit-value-russian = русский
audit-value-set = задан
audit-value-renewed = обновлён
