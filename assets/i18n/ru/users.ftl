# users: Russian
