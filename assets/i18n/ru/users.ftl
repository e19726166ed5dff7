# users: Russian

## The list (References › Users)
users-title = Справочники › Пользователи
users-shown = { $shown } из { $n } { $n ->
        [one] пользователя
       *[other] пользователей
    }
users-loading-short = загрузка…
users-failed-short = ошибка загрузки
users-loading = Загрузка пользователей…
users-none-match = Нет пользователей по запросу. Esc сбрасывает поиск.
users-none = Нет пользователей.

## Column titles
users-col-login = Логин
users-col-username = Имя пользователя
users-col-roles = Роли
users-col-dealer = Дилер
users-col-email = Эл. почта
users-col-phone = Телефон
users-col-mobile = Мобильный
users-col-source = Источник
users-col-last-sign-in = Последний вход

## Status line
users-search-cleared = поиск сброшен
users-mark-cleared = отметка снята
users-marked = { $login } отмечен: = на другом пользователе сравнит их
users-exporting = выгрузка: { $n ->
        [one] { $n } пользователь
        [few] { $n } пользователя
       *[many] { $n } пользователей
    }…
users-cannot-open = не удалось открыть пользователя
users-exported = выгружено { $n ->
        [one] { $n } пользователь
        [few] { $n } пользователя
       *[many] { $n } пользователей
    } в { $path }
users-export-failed = выгрузка не удалась: { $error }

## Hints
users-search-hints = ввод фильтрует · Tab след. поле · Enter оставить · Esc сбросить
users-hint-search = поиск
users-hint-sort = сортировка
users-hint-open = открыть
users-hint-help = справка
users-hint-quit = выход
users-blocked-only = только заблокированные
users-blocked-on = показаны только заблокированные пользователи (:blocked ещё раз — все)
users-blocked-off = снова показаны все пользователи

## The column chooser (c)
users-columns-title = Колонки
users-columns-keys = Пробел показать/скрыть · J/K или Shift-↑↓ переместить · Enter сохранить · Esc отмена
users-columns-hints = Пробел показать/скрыть · J/K переместить · Enter сохранить · Esc отмена
users-columns-login-stays = логин показывается всегда
users-columns-kept = колонки сохранены в { $path }
users-columns-session = колонки заданы на этот сеанс (нет файла настроек, чтобы их сохранить)
users-columns-not-kept = колонки заданы, но не сохранены: { $error }
users-columns-no-fit = (не помещается при этой ширине)

## Block and unblock (b)
users-block-title = Блокировка пользователя
users-unblock-title = Разблокировка пользователя
users-block-question = Заблокировать { $user }? y/n
users-unblock-question = Разблокировать { $user }? y/n
users-block-what = Его учётные данные и лицензии агрегатора сразу перестанут действовать.
users-unblock-what = Он снова сможет входить в систему.
users-block-keys = y заблокировать · n или Esc оставить как есть
users-unblock-keys = y разблокировать · n или Esc оставить как есть
users-blocking = блокировка { $user }…
users-unblocking = разблокировка { $user }…
users-blocked = заблокирован { $user }
users-unblocked = разблокирован { $user }
users-block-refused = нельзя заблокировать { $user }: { $why }
users-unblock-refused = нельзя разблокировать { $user }: { $why }
users-block-failed = не удалось заблокировать { $user }
users-unblock-failed = не удалось разблокировать { $user }
users-block-unsaved = в карточке есть несохранённые правки: сохраните их (Ctrl-S) или отмените, либо снимите «Вход разрешён» и сохраните вместе с ними
