# policy: Russian
