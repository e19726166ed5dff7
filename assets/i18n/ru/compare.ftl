# compare: Russian
