# compare: English
