"""The profile form shows and edits the two send policies of issue 14."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.services.profiles import LOCAL_SANDBOX, Profile
from composer.ui.send.profile_form import ProfileForm


def test_the_form_edits_ambiguous_retries_and_cross_origin_redirects(qtbot: QtBot, tmp_path: Path) -> None:
    form = ProfileForm()
    qtbot.addWidget(form)
    assert form.ambiguous_retries.value() == 1 and not form.cross_origin.isChecked()  # the defaults
    form.name.setText("prod")
    form.base_url.setText("https://acme.alationcloud.com")
    form.ambiguous_retries.setValue(0)
    form.cross_origin.setChecked(True)
    made = form.profile()
    assert made.ambiguous_retries == 0 and made.allow_cross_origin_redirects
    form.set_profile(Profile(name="p", base_url="https://x.example.com", ambiguous_retries=3))
    assert form.ambiguous_retries.value() == 3 and not form.cross_origin.isChecked()
    form.set_profile(LOCAL_SANDBOX)
    assert not form.ambiguous_retries.isEnabled() and not form.cross_origin.isEnabled()
    form.set_profile(None)
    form.show()
    form.grab().save(str(tmp_path / "profile_form.png"))
