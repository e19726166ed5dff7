# keys: English
