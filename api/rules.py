"""Who may do what with API tokens (predicates take (user, token)) and with the API's resources."""

import rules


@rules.predicate
def owns_token(user, token):
    return token is not None and token.user_id == user.pk


rules.add_perm("api.revoke_token", owns_token)
