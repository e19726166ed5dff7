# plan: Russian
plan-summary = к изменению: { $change }, уже так: { $same }, отказано: { $refused }{ $moved }
plan-summary-moved = , изменилось с тех пор: { $n }
plan-lowers-own = { $n ->
    [one] это снижает ваш собственный доступ к { $n } объекту: сами вы его обратно не повысите
   *[other] это снижает ваш собственный доступ к { $n } объектам: сами вы его обратно не повысите
}
plan-title = План: { $action }
plan-head = объект · пользователь · было → станет   (✗ отказано, = уже так)
plan-then = будет действовать: { $level }
plan-nothing = применять нечего · Esc отменяет план
plan-applies = { $n ->
    [one] Enter применяет { $n } изменение одним пакетом · Esc отменяет план
    [few] Enter применяет { $n } изменения одним пакетом · Esc отменяет план
   *[many] Enter применяет { $n } изменений одним пакетом · Esc отменяет план
}
plan-confirm = Снизить свой собственный доступ? y применяет · другая клавиша оставляет план
plan-kept = план оставлен: ничего не отправлено
plan-nothing-allowed = в этом плане нечего применить: Esc отменяет его
plan-dropped = план отменён: ничего не отправлено
plan-hint-apply = применить
plan-hint-drop = отменить
plan-hint-scroll = прокрутка
copy-object-id = объект { $id }

## The rows of the copies' plans (src/copy.rs); the English is what the CLI prints.
plan-member = в составе
plan-not-member = не в составе
plan-new-user = новый пользователь ({ $name })
plan-created-in = создаётся в
plan-no-role = вы не можете дать ни одной из его ролей, а пользователю нужна роль
plan-copy-user = копия пользователя { $login } ({ $name })
plan-new-group = новая группа { $name }
plan-creator-manage = у создателя — управление
plan-copy-group = копия группы { $source } под названием { $name }
plan-right-from-role = право приходит с одной из его ролей: скопируйте строку роли
plan-object-unseen = объект { $id } вам не виден
plan-comes-from = приходит от { $source }: скопируйте ту строку
plan-copy-rows = { $n ->
    [one] копировать { $n } строку от { $from } к { $to }
    [few] копировать { $n } строки от { $from } к { $to }
   *[many] копировать { $n } строк от { $from } к { $to }
}
plan-more-below = ↓ ниже ещё { $n ->
    [one] { $n } строка
    [few] { $n } строки
   *[many] { $n } строк
} (↓ PgDn)
