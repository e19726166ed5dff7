# compare: Russian
compare-still-loading = пользователи и объекты ещё загружаются
compare-nothing-selected = ничего не выбрано
compare-showing-all = все строки (a: только различия)
compare-showing-differences = только различающиеся строки (a: все строки)
compare-selection-cleared = выбор снят
compare-applying = применяю…
compare-cannot-compare = не удалось сравнить
# what: what was written ("3 roles and rights, 5 levels").
compare-copied = пользователю { $login } скопировано: { $what }
compare-not-applied = не применено
compare-title = Сравнение { $a } ↔ { $b }
compare-footer = различий: { $differ } из { $total } · показано: { $shown } · выбрано: { $selected }
compare-loading = Загрузка обоих пользователей и объектов…
compare-same = У двух пользователей одинаковые роли, права и уровни, которые вам видны (a: все строки).
compare-hint-select = выбрать
compare-hint-copy-a-to-b = скопировать →
compare-hint-copy-b-to-a = скопировать ←
compare-hint-all = все
compare-hint-back = назад
compare-yes = да
compare-no = нет
compare-from-card = карточка
compare-from-role = роль { $role }
compare-label-role = роль { $role }
compare-label-right = право { $right }
compare-copied-card = роли и права
compare-copied-levels = { $n ->
        [one] { $n } уровень
        [few] { $n } уровня
       *[many] { $n } уровней
    }
compare-copied-both = роли и права и { $n ->
        [one] { $n } уровень
        [few] { $n } уровня
       *[many] { $n } уровней
    }
# Уровень, который даёт роль на объекте: «роль DEALER_USER в группе …».
compare-from-role-of = роль { $role } в { $name }
