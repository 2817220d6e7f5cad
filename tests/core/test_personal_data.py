from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from finsup.core import personal_data
from finsup.institutions.models import KeyPerson
from tests import factories as f


def _raw_id(pk):
    with connection.cursor() as cur:
        cur.execute("SELECT id_number FROM institutions_keyperson WHERE id = %s", [pk])
        return cur.fetchone()[0]


def test_masks():
    assert personal_data.mask_id_number("37282219800101001X") == "372822********001X"
    assert personal_data.mask_phone("13805391234") == "138****1234"
    assert personal_data.mask_id_number("") == ""


def test_lookup_hash_is_keyed_and_normalised(settings):
    a = personal_data.lookup_hash("37282219800101001x")
    assert a == personal_data.lookup_hash(" 37282219800101001X ")
    settings.FINSUP_LOOKUP_KEY = "another-key-0123456789abcdef"
    assert personal_data.lookup_hash("37282219800101001X") != a


def test_key_rotation_re_encrypts_with_the_new_key(world, settings):
    number = f.id_number()
    person = KeyPerson.objects.create(
        institution=world.inst_lanshan, name="钱七", position="cfo", id_number=number, id_number_hash="h"
    )
    old_key = settings.FINSUP_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FINSUP_FIELD_KEYS = [new_key, old_key]
    call_command("keys", "rotate")
    assert Fernet(new_key.encode()).decrypt(_raw_id(person.pk).encode()).decode() == number
    settings.FINSUP_FIELD_KEYS = [new_key]  # the old key can now be retired
    assert KeyPerson.objects.get(pk=person.pk).id_number == number


def test_an_empty_encrypted_value_reads_back_empty_and_saves_again(db):
    from tests import factories as f

    inst = f.make_institution()
    from finsup.institutions.models import KeyPerson

    person = KeyPerson.objects.create(
        institution=inst,
        name="李四",
        position=KeyPerson._meta.get_field("position").choices[0][0],
        id_number=f.id_number(),
        phone="",
    )
    again = KeyPerson.objects.get(pk=person.pk)
    assert again.phone == ""
    again.save()
