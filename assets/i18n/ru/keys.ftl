# keys: Russian

## The help's sections (one per key map context)
keys-section-global = Везде
keys-section-users = Список пользователей
keys-section-card = Карточка пользователя
keys-section-api = Вкладка «Доступ к API»
keys-section-tree = Дерево объектов
keys-section-object-card = Карточка объекта
keys-section-plan = План
keys-section-compare = Сравнение пользователей
keys-section-audit = Журнал изменений
keys-section-search = Поля поиска

## What an action does, for the help (keys-<context>-<action>; shared texts by what they do)
keys-global-quit = выход
keys-global-help = справка по этой панели
keys-global-command-line = командная строка: :users, :user 0004, :obj МАСКА, :blocked, :compare A B, :audit, :reload, :q
keys-global-toggle-mouse = захват мыши вкл/выкл
keys-rows-up = предыдущая строка
keys-rows-down = следующая строка
keys-rows-page-up = страница вверх
keys-rows-page-down = страница вниз
keys-rows-top = первая строка
keys-rows-bottom = последняя строка
keys-columns-left = к предыдущей колонке
keys-columns-right = к следующей колонке
keys-columns-search = поиск: поле под каждой колонкой
keys-selection-clear-close = снять выбор; затем закрыть
keys-selection-clear-back = снять выбор; затем назад
keys-user-copy = скопировать пользователя: роли, права, выдачи (сначала план)
keys-user-history = история пользователя: все видимые вам изменения
keys-user-block = заблокировать или разблокировать (сначала спросит y/n)
keys-object-history = история объекта: его изменения и уровни на нём
keys-users-compare = отметить для сравнения; на втором — сравнить двоих
keys-users-clear-filters = очистить поиск
keys-users-sort = сортировать по текущей колонке (ещё раз: обратно)
keys-users-open = открыть карточку пользователя
keys-users-reload = обновить с сервера
keys-users-export = выгрузить показанные строки в .xlsx
keys-users-columns = выбрать показываемые колонки и их порядок (сохраняется в настройках)
keys-users-new = новый пользователь (менеджеры)
keys-audit-clear-filters = очистить поиск; затем закрыть
keys-audit-open = изменение по полям (пакет: все его строки)
keys-audit-revert = откатить изменение: план того, что вернётся, затем Enter
keys-audit-reload = перечитать журнал
keys-audit-back = закрыть изменение; затем назад
keys-plan-apply = применить разрешённые политикой строки одним пакетом
keys-plan-back = отбросить план: ничего не отправляется
keys-compare-show-all = все строки / только различающиеся
keys-compare-toggle = выбрать строку
keys-compare-select-all = выбрать все показанные строки
keys-compare-copy-a-to-b = скопировать выбранные строки слева направо (сначала план)
keys-compare-copy-b-to-a = скопировать выбранные строки справа налево (сначала план)
keys-card-next-tab = следующая вкладка
keys-card-search = искать по названию в ролях и правах или в группах
keys-card-prev-tab = предыдущая вкладка
keys-card-up = предыдущее поле
keys-card-down = следующее поле
keys-card-toggle = отметить флажок, роль или право
keys-card-save = сохранить (с версией, с которой загружена карточка)
keys-card-export-rights = выгрузить все права с описаниями в .xlsx
keys-card-reload = обновить карточку
keys-card-back = назад к списку (спросит, если есть правки)
keys-card-show-command = команда lsc, сохраняющая эти правки (c копирует)
keys-object-card-tabs = вкладка: сведения (лицензии, ключи, объекты) / доступ
keys-object-card-search = маска по логину и имени; Enter применяет
keys-object-card-toggle = выбрать пользователя
keys-api-reveal = показать или скрыть токен
keys-api-copy = скопировать токен (на строке лицензии — её id)
keys-api-renew = выпустить новый токен (после подтверждения)
keys-api-usr = заголовок USR из введённого пароля — и скопировать
keys-api-show-copy = показать скопированный текст, чтобы скопировать вручную
keys-tree-copy-group = скопировать группу объектов: объекты и доступы (сначала план)
keys-tree-show-command = команды lsc, сохраняющие новые уровни (c копирует)
keys-tree-search = маска: * любые, ? один символ; Enter применяет, Esc отменяет
keys-tree-toggle = выбрать только узел (уровень группы достаётся её объектам)
keys-tree-toggle-branch = выбрать узел со всем, что под ним (каждому свой уровень)
keys-tree-select-all = выбрать всё показанное
keys-tree-level-none = новый уровень: нет, для выбранного
keys-tree-level-view = новый уровень: просмотр
keys-tree-level-execute = новый уровень: выполнение
keys-tree-level-edit = новый уровень: редактирование
keys-tree-level-manage = новый уровень: управление
keys-tree-undo = отменить несохранённые уровни
keys-tree-explain = откуда уровень (напрямую, от группы, от учётной записи)
keys-tree-open = открыть карточку объекта
keys-tree-save = сохранить новые уровни одним пакетом
keys-tree-fold = свернуть ветвь (на строке без ветви — к родителю)
keys-tree-unfold = развернуть ветвь (на открытой — к первой строке под ней)
keys-tree-read-only = показать ветви только для чтения или снова свернуть их
keys-doc-mask-history = в поле маски: прежние маски (сохраняются между запусками)

## Keys of text fields (documented, not remappable)
keys-doc-card-tabs = перейти на вкладку (Alt при вводе в поле)
keys-doc-typing = ввод текста
keys-doc-card-typing = правит текущее текстовое поле; серые поля не редактируются
keys-doc-shift-move = Shift + перемещение
keys-doc-extend = расширить сплошной выбор
keys-doc-type = ввод
keys-doc-search-type = сузить строки (* любые символы, ? один символ)
keys-doc-search-tab = поле следующей / предыдущей колонки
keys-doc-search-enter = оставить фильтр, вернуться к строкам
keys-doc-search-esc = очистить все поля, вернуться к строкам
keys-doc-search-ctrl-u = очистить это поле

## Hint lines
# An action with no key, in a hint line.
keys-unbound = (не назначена)

## The help popup
keys-help-title = Клавиши
keys-help-close = любая клавиша закрывает справку
keys-help-hint = ↑↓ PgUp PgDn прокрутка · любая другая клавиша закрывает
keys-help-scroll = ↑↓ PgUp PgDn прокрутка
keys-help-position = { $from }–{ $to } из { $total }

## "Show the command" popup
keys-command-title = То же изменение из командной строки — c копирует
keys-command-hint = c скопировать · любая другая клавиша закрывает
# What was copied, as the status line names it: "скопирована команда в системный буфер обмена".
keys-command-what = команда
# how: where it went ("to the system clipboard").
keys-command-copied = скопирована { $what } { $how }
