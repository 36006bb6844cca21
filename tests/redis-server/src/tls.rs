//! A `redis-server` that speaks only TLS (`--port 0 --tls-port …`), its certificate signed
//! by a CA made for the test with the `openssl` program, and a client certificate from the
//! same CA. The server asks for a password, so messages can be checked for it.

use std::path::{Path, PathBuf};

use jing_api::redis::{ClientTlsConfig, TlsCertificates};
use jing_api::store::RedisConnection;

use super::process::{Process, connect, folder, free_port, options, run, wait_until};

/// The server's password.
pub const PASSWORD: &str = "tls-test-secret";

/// Whether the server refuses clients without a certificate of the test CA.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ClientCertificates {
    Optional,
    Required,
}

/// A TLS-only server, killed when dropped.
pub struct TlsServer {
    /// `rediss://:PASSWORD@127.0.0.1:port/`.
    pub url: String,
    pub port: u16,
    files: PathBuf,
    process: Process,
    _folder: tempfile::TempDir,
}

impl TlsServer {
    pub fn start() -> TlsServer {
        TlsServer::launch(ClientCertificates::Optional)
    }

    pub fn launch(clients: ClientCertificates) -> TlsServer {
        let folder = folder();
        let files = folder.path().to_path_buf();
        make_certificates(&files);
        let port = free_port();
        let path = |name: &str| files.join(name).display().to_string();
        let auth_clients = match clients {
            ClientCertificates::Optional => "optional",
            ClientCertificates::Required => "yes",
        };
        let args: Vec<String> = [
            "--port",
            "0",
            "--tls-port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--tls-cert-file",
            &path("server.pem"),
            "--tls-key-file",
            &path("server.key"),
            "--tls-ca-cert-file",
            &path("ca.pem"),
            "--tls-auth-clients",
            auth_clients,
            "--requirepass",
            PASSWORD,
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        .map(str::to_owned)
        .to_vec();
        let process = Process::redis_server(&args, &files);
        wait_until(&format!("TLS redis-server on {port}"), || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        TlsServer {
            url: format!("rediss://:{PASSWORD}@127.0.0.1:{port}/"),
            port,
            files,
            process,
            _folder: folder,
        }
    }

    /// The test CA, PEM.
    pub fn ca(&self) -> Vec<u8> {
        self.read("ca.pem")
    }

    /// The client certificate and key, PEM.
    pub fn client_certificate(&self) -> ClientTlsConfig {
        ClientTlsConfig {
            client_cert: self.read("client.pem"),
            client_key: self.read("client.key"),
        }
    }

    /// `SSL_CERT_FILE` for a child process: the system trust store replaced by the test CA.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![(
            "SSL_CERT_FILE",
            self.files.join("ca.pem").display().to_string(),
        )]
    }

    /// A connection through a client given the test CA and the client certificate, as an
    /// application with a private CA builds one.
    pub async fn connection(&self) -> RedisConnection {
        let certificates = TlsCertificates {
            client_tls: Some(self.client_certificate()),
            root_cert: Some(self.ca()),
        };
        connect(|| {
            let client =
                jing_api::redis::Client::build_with_tls(self.url.as_str(), certificates.clone());
            async move {
                let client = client.map_err(|error| {
                    jing_api::Error::config_because("the Redis client cannot be built", error)
                })?;
                RedisConnection::from_client(client, options()).await
            }
        })
        .await
    }

    pub fn stop(&self) {
        self.process.kill();
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.files.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"))
    }
}

/// `ca.pem`/`ca.key`, then `server.*` (for 127.0.0.1 and localhost) and `client.*`
/// signed by it: P-256 keys, valid for two days.
fn make_certificates(folder: &Path) {
    let path = |name: &str| folder.join(name).display().to_string();
    make_key(folder, "ca.key");
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            &path("ca.key"),
            "-out",
            &path("ca.pem"),
            "-days",
            "2",
            "-subj",
            "/CN=jing test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    let extensions = [
        (
            "server",
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
        ),
        ("client", "extendedKeyUsage=clientAuth\n"),
    ];
    for (name, extension) in extensions {
        make_signed(folder, name, extension);
    }
}

/// A P-256 private key, written to `name` in `folder`.
fn make_key(folder: &Path, name: &str) {
    let out = folder.join(name).display().to_string();
    run(
        "openssl",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            &out,
        ],
    );
}

/// `<name>.key` and `<name>.pem` in `folder`, signed by its CA, with `extension` added.
fn make_signed(folder: &Path, name: &str, extension: &str) {
    let path = |name: &str| folder.join(name).display().to_string();
    make_key(folder, &format!("{name}.key"));
    run(
        "openssl",
        &[
            "req",
            "-new",
            "-key",
            &path(&format!("{name}.key")),
            "-out",
            &path(&format!("{name}.csr")),
            "-subj",
            &format!("/CN=jing test {name}"),
        ],
    );
    let extension_file = path(&format!("{name}.ext"));
    let text =
        format!("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n{extension}");
    std::fs::write(&extension_file, text).unwrap_or_else(|error| panic!("{error}"));
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &path(&format!("{name}.csr")),
            "-CA",
            &path("ca.pem"),
            "-CAkey",
            &path("ca.key"),
            "-CAcreateserial",
            "-out",
            &path(&format!("{name}.pem")),
            "-days",
            "2",
            "-extfile",
            &extension_file,
        ],
    );
}
