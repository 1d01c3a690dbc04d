"""The fields of one profile: where events go and how to get through the network there.

Never a token: the token is set separately and goes straight to the keyring. `profile()` builds
and checks the `Profile` so the dialog can say what is wrong before anything is written.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from composer.core import receivers
from composer.services.profiles import DEFAULT_TIMEOUT, MAX_AMBIGUOUS_RETRIES, MAX_TIMEOUT, Profile


class ProfileForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.setObjectName("profileKind")
        for known in receivers.RECEIVERS:
            self.kind.addItem(known.profile_label, known.name)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.name = self._line("profileName", "e.g. Production tenant")
        self.base_url = self._line("profileBaseUrl", "https://<tenant>.alationcloud.com")
        self.endpoint = self._line("profileEndpoint", receivers.receiver("alation").endpoint)
        self.timeout = QDoubleSpinBox()
        self.timeout.setObjectName("profileTimeout")
        self.timeout.setRange(0.5, MAX_TIMEOUT)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(DEFAULT_TIMEOUT)
        self.verify_tls = QCheckBox("Verify the server's TLS certificate")
        self.verify_tls.setObjectName("profileVerifyTls")
        self.ca_bundle = self._line("profileCaBundle", "PEM file of a company CA (optional)")
        self.proxy = self._line("profileProxy", "http://proxy.example.com:3128 (optional)")
        self.allow_http = QCheckBox("Allow plain http:// to another machine (the token travels unencrypted)")
        self.allow_http.setObjectName("profileAllowHttp")
        self.ambiguous_retries = QSpinBox()
        self.ambiguous_retries.setObjectName("profileAmbiguousRetries")
        self.ambiguous_retries.setRange(0, MAX_AMBIGUOUS_RETRIES)
        self.ambiguous_retries.setToolTip(
            "When the answer is lost after the whole event was sent (a read timeout, a reset), the "
            "receiver may have stored it: each retry may deliver another copy. The result says so."
        )
        self.cross_origin = QCheckBox("Follow a redirect of the event to another server (never with the token)")
        self.cross_origin.setObjectName("profileAllowCrossOriginRedirects")
        for label, widget in (
            ("Kind", self.kind),
            ("Name", self.name),
            ("Base URL", self.base_url),
            ("Endpoint path", self.endpoint),
            ("Timeout", self.timeout),
            ("TLS", self.verify_tls),
            ("CA bundle", self.ca_bundle),
            ("Proxy", self.proxy),
            ("", self.allow_http),
            ("Retries after a lost answer", self.ambiguous_retries),
            ("Redirects", self.cross_origin),
        ):
            if label:
                widget.setAccessibleName(f"Profile {label.lower()}")
            form.addRow(label, widget)
        self.verify_tls.toggled.connect(self.ca_bundle.setEnabled)
        self.set_profile(None)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        return line

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        if kind in receivers.names():
            known = receivers.receiver(kind)
            self.endpoint.setPlaceholderText(f"{known.endpoint} (the default)")
            if self.base_url.isEnabled():  # the Local sandbox keeps its own note
                self.base_url.setPlaceholderText(known.base_url_placeholder)

    def set_profile(self, profile: Profile | None) -> None:
        """Show `profile` (None: a blank new one); the built-in Local sandbox is read-only."""
        shown = profile or Profile(name="")
        self.kind.setCurrentIndex(max(0, self.kind.findData(shown.kind)))
        self.name.setText(shown.name)
        self.base_url.setText(shown.base_url)
        self.endpoint.setText(shown.endpoint_path)
        self.timeout.setValue(shown.timeout)
        self.verify_tls.setChecked(shown.verify_tls)
        self.ca_bundle.setText(shown.ca_bundle)
        self.ca_bundle.setEnabled(shown.verify_tls)
        self.proxy.setText(shown.proxy)
        self.allow_http.setChecked(shown.allow_insecure_http)
        self.ambiguous_retries.setValue(shown.ambiguous_retries)
        self.cross_origin.setChecked(shown.allow_cross_origin_redirects)
        editable = profile is None or not profile.is_local_sandbox
        for widget in (
            self.kind,
            self.name,
            self.base_url,
            self.endpoint,
            self.timeout,
            self.verify_tls,
            self.ca_bundle,
            self.proxy,
            self.allow_http,
            self.ambiguous_retries,
            self.cross_origin,
        ):
            widget.setEnabled(editable)
        if profile is not None and profile.is_local_sandbox:
            self.base_url.setPlaceholderText("http://127.0.0.1:<free port> (started when sending)")
        else:
            self._kind_changed()

    def profile(self) -> Profile:
        """The profile as entered; raises `ProfileError` saying what to change."""
        kind = self.kind.currentData()
        made = Profile(
            name=self.name.text().strip(),
            kind=kind if kind in receivers.names() else "alation",
            base_url=self.base_url.text().strip(),
            endpoint_path=self.endpoint.text().strip(),
            timeout=self.timeout.value(),
            verify_tls=self.verify_tls.isChecked(),
            ca_bundle=self.ca_bundle.text().strip(),
            proxy=self.proxy.text().strip(),
            allow_insecure_http=self.allow_http.isChecked(),
            ambiguous_retries=self.ambiguous_retries.value(),
            allow_cross_origin_redirects=self.cross_origin.isChecked(),
        )
        made.check()
        return made
