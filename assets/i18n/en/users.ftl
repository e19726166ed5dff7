# users: English
