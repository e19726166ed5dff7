# policy: Russian
# Отказы политики доступа и ошибки клиента. Коды (права, роли), логины, номера, названия и
# сообщения самого сервера приходят аргументами и не переводятся.

## Отказы

policy-read-only = только чтение ({ $why }): ничего не записывается; :write разрешает изменения в этом сеансе
policy-profile = профиль { $name }
policy-no-such-user = пользователь { $login } не найден
policy-no-such-object = объект { $id } не найден
policy-blocked = пользователь { $login } заблокирован: на карточке снят флажок «Вход разрешён»
policy-license-revoked = эта лицензия агрегатора больше не действует: её владелец заблокирован или не является агрегатором
# $to: фраза policy-to-… в родительном падеже («редактирования других пользователей»).
policy-lacks-right = для { $to } нужно право «{ $name }» ({ $right })
policy-lacks-role = для { $to } нужна роль { $roles }
policy-or = или
# $on: «объект 12 (Cafe #1)», «пользователь 0007»; $to: фраза policy-to-… (инфинитив).
policy-level = { $on }: нужен уровень «{ $need }», чтобы { $to } (у вас «{ $have }»)
# $what: фраза policy-own-… («изменить свои роли»).
policy-own-card = вы не можете { $what }
policy-own-card-other = вы не можете изменить на своей карточке: { $what }
policy-outranked = у пользователя { $login } роль { $role }, которой вы не можете управлять (это может только администратор)
policy-role-not-grantable-none = вы не можете выдать или снять роль { $role }: вам нельзя выдавать роли
policy-role-not-grantable-some = вы не можете выдать или снять роль { $role } (вы можете выдавать { $grantable })
policy-right-not-held = вы не можете выдать или снять право { $right }: у вас самого его нет
policy-other-dealer = менеджер дилера создаёт пользователей только своего дилера
policy-no-such-dealer = дилера { $id } не существует
policy-no-api-access = у пользователя { $login } нет доступа к API: он есть только у пользователей с ролями AGGREGATOR, SUB_DEALER и DEALER_MANAGER
policy-unsaved = сначала сохраните нового пользователя
policy-not-creatable =
    { $kind ->
        [account] учётную запись
        [unit_group] группу объектов
        [unit] объект
        [user] пользователя
       *[other] { $kind }
    } здесь создать нельзя: создавать можно только объекты и группы объектов
policy-not-an-account = объект { $id } не является учётной записью
policy-unit-has-no-members = у объекта нет состава: объекты входят только в группу объектов
policy-not-a-group = { $on } — не группа объектов: состав есть только у группы объектов
policy-not-a-unit = { $on } — не объект: в группу входят только объекты
policy-other-account = { $on } относится к другой учётной записи, чем группа
policy-out-of-reach = пользователю { $login } недоступны объекты дилера { $dealer }: его дилер не видит данных этого дилера (выдача там ничего не даст)
policy-out-of-reach-no-dealer = пользователю { $login } недоступны объекты без дилера: его дилер не видит их данных (выдача там ничего не даст)
policy-dealer-id = № { $id }
policy-twice = { $what } указано дважды в одном пакете; укажите каждое по одному разу
policy-not-yet = идёт вход: консоль ещё не знает ваших прав

## Вид объекта перед его номером и названием

policy-kind-account = учётная запись
policy-kind-unit-group = группа объектов
policy-kind-unit = объект
policy-kind-user = пользователь

## Уровни доступа

policy-level-none = нет
policy-level-view = просмотр
policy-level-execute = выполнение
policy-level-edit = редактирование
policy-level-manage = управление

## Для чего нужно право или роль (родительный падеж: «для …»)

policy-to-editing-other-users = редактирования других пользователей
policy-to-blocking-users = блокировки пользователей
policy-to-creating-users = создания пользователей
policy-to-reading-or-renewing-tokens = просмотра и обновления API-токенов
policy-to-setting-access-levels = настройки уровней доступа
policy-to-creating-objects = создания объектов
policy-to-changing-objects = изменения объектов
policy-to-reading-the-audit-log = чтения журнала изменений
policy-to-creating-dealers = создания дилеров
policy-to-setting-user-quota = задания квоты пользователей дилера

## Для чего нужен уровень (инфинитив: «чтобы …»)

policy-to-edit-the-user = редактировать пользователя
policy-to-create-users-in-it = создавать в ней пользователей
policy-to-set-its-access = задавать его уровни доступа
policy-to-set-access-to-it = задавать здесь уровни доступа
policy-to-create-objects-in-it = создавать в ней объекты
policy-to-change-it = вносить изменения
policy-to-put-in-or-take-out-of-group = добавлять его в группу или убирать из неё

## Что нельзя менять на своей карточке («вы не можете …»)

policy-own-roles = изменить свои роли
policy-own-rights = изменить свои права
policy-own-login-allowed = изменить флажок «Вход разрешён» на своей карточке
policy-own-levels-upwards = повысить свои уровни доступа (понизить их можно)

## Ошибки клиента

policy-client-network = не удаётся связаться с сервером: { $detail }
policy-client-timeout = сервер слишком долго не отвечает
policy-client-decode = неожиданный ответ сервера: { $detail }
policy-client-not-modified-unasked = ответ 304 на запрос, ответ на который не сохранён
policy-client-stream-answered = поток событий ответил { $status }
policy-client-event-too-large = событие больше 1 МиБ
policy-client-server-answered = сервер ответил { $status }
policy-client-server-answered-text = сервер ответил { $status }: { $text }
policy-client-insecure-remote = --insecure допускается только для сервера на этой машине (127.0.0.1, ::1, localhost), а не { $base }
policy-client-bad-address = адрес сервера '{ $base }' должен начинаться с http:// или https://
policy-client-cannot-compress = не удаётся сжать запрос: { $detail }
policy-client-unauthorized = вход не выполнен: неверный логин, пароль или API-токен
policy-client-unavailable = сервис занят; повторите через мгновение
policy-client-server-timeout = сервис слишком долго не отвечал
policy-client-internal = сбой сервиса; подробности в его журнале
policy-client-limit = достигнут предел в 9 999 пользователей
policy-client-too-large = запрос слишком велик
