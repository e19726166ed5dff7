# keys: Russian
