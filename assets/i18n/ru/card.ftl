# card: Russian

## Tabs (full names, and short ones for narrow terminals)
card-tab-general = Общие
card-tab-rights = Роли и права
card-tab-groups = Группы объектов
card-tab-access = Доступ к объектам
card-tab-assessment = Аттестация
card-tab-api = Доступ к API
card-tab-general-short = Общие
card-tab-rights-short = Роли
card-tab-groups-short = Группы
card-tab-access-short = Доступ
card-tab-assessment-short = Аттестация
card-tab-api-short = API

## Frame
card-title-user = Пользователь { $login } · { $username }
card-modified = изменён
card-title-copy = Новый пользователь — копия { $source }
card-title-new = Новый пользователь
card-unsaved = не сохранён
card-read-only = только чтение: { $why }
card-footer = Ctrl-S сохранить · Esc назад
card-loading = Загрузка…
card-objects-loading-short = Загрузка объектов…

## General tab
card-field-login = Логин
card-field-login-new = Логин (пусто: свободный)
card-field-username = Имя пользователя
card-field-last-name = Фамилия
card-field-first-name = Имя
card-field-patronymic = Отчество
card-field-email = Эл. почта
card-field-phone = Телефон
card-field-mobile = Мобильный телефон
card-field-position = Должность
card-field-city = Город
card-field-country = Страна
card-field-comments = Комментарии
card-field-dealer = Дилер
card-dealer-quota = { $dealer } ({ $users } из { $quota } { $quota ->
        [one] пользователя
       *[other] пользователей
    })
card-field-source = Источник
card-field-language = Язык интерфейса
card-field-login-allowed = Вход разрешён
card-allowed-yes = да
card-allowed-no = нет: заблокирован
card-field-unchangeable = { $field }: изменить нельзя

## Roles & rights tab
card-rights-roles = Роли
card-rights-group = Права — { $group }
card-rights-from-role = из роли
card-rights-granted = выдано в карточке
card-rights-roles-line = роли: { $roles }
card-rights-export = x выгружает все права в .xlsx
card-rights-hint = Подсказка
card-right-from-role = { $code } даёт роль; чтобы убрать право, измените роли
card-group-users = Пользователи
card-group-sub-dealers = Субдилеры
card-group-objects = Объекты
card-group-corporations = Корпорации
card-group-licenses = Лицензии
card-group-keys = Ключи и заявки
card-group-reports = Отчёты
card-group-dealer-data = Данные дилера
card-group-access-rights = Права доступа
card-role-admin = сервис-менеджер производителя: всё, все дилеры
card-role-dealer-manager = высший уровень дилера: все нижние права, создаёт пользователей своего дилера, видит своих субдилеров
card-role-dealer-user = создаёт объекты и корпорации, смотрит отчёты; не может создавать пользователей
card-role-client = видит только карточки объектов и состояние ключей и лицензий
card-role-sub-dealer = видит карточки объектов и данные дилера, генерирует лицензии и SOS-лицензии, два отчёта
card-role-aggregator = интегратор через White Server: доступ к API и лицензии агрегатора

## Object groups tab
card-groups-loading = Загрузка групп объектов…
card-groups-help = Группы объектов: Space даёт или снимает просмотр (где вы управляете) · Ctrl-S сохраняет · прочие уровни — вкладка 4
card-groups-direct = напрямую
card-groups-from = от { $name }
card-groups-from-hidden = от скрытой от вас группы или учётной записи
card-groups-pending = не сохранено
card-groups-none = Нет видимых вам групп объектов.
card-groups-grant-removed = прямая выдача на { $name } снята (не сохранено); учётная запись всё ещё даёт доступ
card-groups-level-pending = { $level } на { $name } — не сохранено; Ctrl-S сохранит
card-groups-nothing-pending = нет несохранённых изменений групп
card-level-none = нет
card-level-view = просмотр
card-level-execute = выполнение
card-level-edit = редактирование
card-level-manage = управление

## Assessment tab
card-assessment-none = Ежегодных аттестаций нет.
card-assessment-passed = сдана
card-assessment-failed = не сдана
card-assessment-year = Год
card-assessment-date = Дата
card-assessment-score = Баллы
card-assessment-result = Итог
card-assessment-comment = Комментарий экзаменатора
card-assessments-failed = не удалось загрузить аттестации: { $error }

## API access tab
card-api-loading = Загрузка доступа к API…
card-api-failed = Доступ к API: { $error }
card-api-token = API-токен
card-api-token-keys = v показать · c скопировать · R обновить · P последняя копия
card-usr-title = Сформировать USR
card-usr-login = логин
card-usr-password = пароль
card-usr-token = токен
card-usr-never-stored = нигде не хранится
card-usr-make = Enter или u — сформировать заголовок и скопировать
card-usr-no-token = токен не загружен
card-usr-no-password = сначала введите пароль (↓ к полю пароля)
card-usr-checking = проверяю пароль в сервисе…
card-usr-wrong-password = сервис не принял этот логин и пароль: заголовок не создан; введите пароль ещё раз
card-usr-not-checked = пароль не удалось проверить, заголовок не создан
card-license-id = Лицензия агрегатора (c — копировать id)
card-license-product = Продукт
card-license-object = Объект
card-license-expires = Истекает
card-license-expired = { $date } истекла
card-what-usr = заголовок USR
card-what-license-id = id лицензии
card-what-license-id-expired = id лицензии (истекла { $date }: White Server её не примет)
card-what-token = API-токен
card-nothing-copied = в этой карточке ещё ничего не копировалось
card-cannot-renew = нельзя обновить токен: { $why }
card-token-renewed = новый API-токен для { $login }; старый больше не работает
card-token-not-renewed = токен не обновлён
card-not-copied = { $what } не скопирован: { $how }
card-copied-unconfirmed = { $what } скопирован { $how } · { $key } покажет его для копирования вручную
card-copied = { $what } скопирован { $how }

## Questions (popups)
card-discard-title = Несохранённые изменения
card-discard-question = Отбросить несохранённые изменения?
card-discard-keys = y  отбросить и выйти    n  остаться
card-conflict-title = Изменено кем-то другим
card-conflict-reload = r  обновить (правки пропадут)
card-conflict-keep = k  оставить черновик поверх новой версии; Ctrl-S сохранит его
card-renew-title = Обновить API-токен
card-renew-question = Выпустить новый токен? Старый сразу перестанет работать.
card-renew-keys = y  обновить    n  оставить старый
card-manual-title = Копирование вручную
card-manual-text = Буфер обмена недоступен; выделите текст ниже:
card-last-copy-title = Последнее скопированное
card-last-copy-text = Отправлено в буфер обмена; терминал не может подтвердить, что оно дошло. Если нет — выделите текст ниже:
card-any-key-closes = любая клавиша закрывает
card-credentials-title = Новый пользователь: показывается один раз
card-credentials-password = пароль
card-credentials-token = API-токен
card-credentials-note = LS отправит логин и пароль пользователю по email. p копирует пароль, t — токен; любая другая клавиша закроет окно.

## Status line
card-copying-user = копирование пользователя { $login }…
card-copy-opened = копия: введите имя пользователя, ФИО и email; Ctrl-S покажет, что будет скопировано
card-cannot-copy = не удалось скопировать: { $error }
card-no-history = у нового пользователя ещё нет истории
card-edits-dropped = правки отброшены
card-already-saving = уже сохраняется…
card-not-saved-fields = не сохранено: исправьте { $n ->
        [one] { $n } поле
        [few] { $n } поля
       *[many] { $n } полей
    } ({ $first })
card-nothing-to-save = нечего сохранять
card-objects-loading = объекты ещё загружаются: нажмите Ctrl-S чуть позже
card-saving = сохранение…
card-not-saved = не сохранено
card-not-saved-conflict = не сохранено: этого пользователя изменил кто-то другой; черновик остался
card-not-saved-offline = не сохранено: { $error }; правки остались, Ctrl-S повторит
card-not-saved-because = не сохранено: { $error }
card-no-command = правок нет: показывать нечего
card-save-new-first = сначала сохраните нового пользователя
card-draft-rebased = черновик теперь поверх версии { $version }; Ctrl-S сохранит его
card-cannot-reload = не удалось обновить пользователя
card-saved = пользователь { $login } сохранён (версия { $version })
card-created = создан пользователь { $login }
card-exported = выгружено { $n ->
        [one] { $n } право
        [few] { $n } права
       *[many] { $n } прав
    } в { $path }
card-export-failed = выгрузка не удалась: { $error }
card-copying = копирование…
card-copy-refused = из этой копии ничего сделать нельзя: см. отказы в плане
card-changed-meanwhile = { $who } тем временем изменил этого пользователя ({ $what }): ваши правки остались; Ctrl-S предложит их сохранить
card-changed-shown = { $who } изменил этого пользователя ({ $what }): карточка уже показывает это

## Hints
card-hint-tabs = вкладки
card-hint-tab-digits = вкладка
card-no-tab = у этой карточки нет вкладки { $n } (вкладки 1–{ $last })
card-hint-save = сохранить
card-hint-back = назад
card-hint-help = справка

## `/` on the Roles & rights and Groups tabs
card-find-status = { $n ->
        [one] { $n } совпадение
        [few] { $n } совпадения
       *[many] { $n } совпадений
    } · ↓↑ следующее · Enter остаться · Esc назад
## Editing a field, and the card's popups as layers of their own (issue #29)
card-credentials-closing = LS отправит логин и пароль пользователю по email. p копирует пароль, t — токен; Esc или Enter закрывает окно (больше они не показываются).
card-credentials-hints = p копировать пароль  t копировать токен  Esc закрыть
card-hint-edit = править
card-hint-stop-editing = готово
card-keys-doc-enter = править текущее текстовое поле (ввод текста тоже начинает правку); при правке — следующее поле
card-keys-doc-esc = при правке: закончить правку (следующий Esc закроет карточку)
card-keys-doc-home-end = первое / последнее поле
card-reload-unsaved = не перечитано: в карточке есть несохранённые изменения (Ctrl-S сохранит, Esc — выйти без них)
# A required field left empty; shown after the field's first edit or the first Ctrl-S.
card-field-required = { $field }: обязательное поле
