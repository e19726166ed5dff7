# policy: English
