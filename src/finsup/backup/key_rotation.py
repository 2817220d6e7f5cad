"""Re-encrypt every stored personal-data value with the newest key (FINSUP_FIELD_KEYS[0]).

Rotation: put a new key first in FINSUP_FIELD_KEYS, keep the old ones after it, run
`finsup keys rotate`, then remove the old keys. An operation of the install, like the backup (it
writes an audit entry, which the kernel's personal_data module must not know of)."""

from django.db import connection, transaction

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.personal_data import cipher, encrypted_columns


@transaction.atomic
def rotate_field_keys() -> dict[str, int]:
    counts: dict[str, int] = {}
    fernet = cipher()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, field in encrypted_columns():
            table, column, pk = qn(model._meta.db_table), qn(field.column), qn(model._meta.pk.column)
            cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608 (quoted names)
            rows = cursor.fetchall()
            for row_pk, token in rows:
                new = fernet.rotate(token.encode()).decode()
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [new, row_pk])  # noqa: S608
            counts[f"{model._meta.label_lower}.{field.name}"] = len(rows)
    audit_record(
        action=AuditAction.KEY_ROTATION,
        object_type="core.personal_data",
        object_repr="field keys",
        changes={"rotated": counts},
    )
    return counts
