//! HTTPS to one Redfish service, through ureq over [`super::tls`]: GET a
//! JSON document, POST a session login, DELETE a session. Each call stops
//! at the run's deadline. Redirects are
//! followed only to paths on the same service, and no proxy is used: the
//! password and the session token go to the BMC and nowhere else.
//!
//! Failures become [`RedfishError`]s naming the host or the URI; the
//! password is never part of one.

use std::io;
use std::time::Instant;

use serde_json::Value;
use ureq::Agent;
use ureq::http::Response;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};

use super::error::RedfishError;
use super::tls::{TlsConnector, Trust, client_config};

/// The largest document tk reads; real ones are a few KiB.
const BODY_LIMIT: u64 = 8 << 20;
/// Redirects followed for one request (some services send /redfish/v1
/// to /redfish/v1/).
const MAX_REDIRECTS: usize = 3;

/// One answer: status, the headers tk uses, and the body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub token: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// A Redfish service at `https://host:port`.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    agent: Agent,
    /// `https://host:port`, with brackets round an IPv6 address.
    base: String,
    /// `host:port` for messages.
    pub target: String,
    /// `--timeout`, for messages.
    timeout_secs: u64,
}

impl Client {
    pub(crate) fn new(
        host: &str,
        port: u16,
        trust: &Trust,
        timeout_secs: u64,
    ) -> Result<Client, RedfishError> {
        let host = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]")
        } else {
            host.to_string()
        };
        let target = format!("{host}:{port}");
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(concat!("tk/", env!("CARGO_PKG_VERSION")))
            .accept("application/json")
            .build();
        let connector =
            ().chain(TcpConnector::default())
                .chain(TlsConnector(client_config(trust)?));
        Ok(Client {
            agent: Agent::with_parts(config, connector, DefaultResolver::default()),
            base: format!("https://{target}"),
            target,
            timeout_secs,
        })
    }

    /// GET `path` and parse its JSON; `from` names the document that
    /// linked to it (for a dead link's message).
    pub(crate) fn get_json(
        &self,
        path: &str,
        from: &str,
        auth: &[(&str, &str)],
        deadline: Instant,
    ) -> Result<Value, RedfishError> {
        let mut path = path.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let answer = self.exchange("GET", &path, auth, None, deadline)?;
            match answer.status {
                200..=299 => return parse_json(&path, &answer.body),
                301 | 302 | 303 | 307 | 308 => {
                    path = self.same_service(answer.location.as_deref(), &path)?;
                }
                404 | 410 => {
                    return Err(RedfishError::DeadLink {
                        uri: path,
                        status: answer.status,
                        from: from.to_string(),
                    });
                }
                _ => return Err(self.refusal(&path, &answer)),
            }
        }
        Err(RedfishError::Exchange {
            uri: path,
            detail: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// Send one request and read the whole answer, stopping at the
    /// deadline.
    pub(crate) fn exchange(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
        deadline: Instant,
    ) -> Result<Answer, RedfishError> {
        let url = format!("{}{path}", self.base);
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.timeout());
        }
        let sent = match (method, body) {
            ("POST", Some(body)) => {
                let mut req = self.agent.post(&url);
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                req.header("Content-Type", "application/json")
                    .config()
                    .timeout_global(Some(left))
                    .build()
                    .send(body)
            }
            _ => {
                let mut req = match method {
                    "DELETE" => self.agent.delete(&url),
                    _ => self.agent.get(&url),
                };
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                req.config().timeout_global(Some(left)).build().call()
            }
        };
        let response = sent.map_err(|e| self.failure(path, e, deadline))?;
        self.read_answer(path, response, deadline)
    }

    fn read_answer(
        &self,
        path: &str,
        mut response: Response<ureq::Body>,
        deadline: Instant,
    ) -> Result<Answer, RedfishError> {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let token = header("X-Auth-Token");
        let location = header("Location");
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(|e| self.failure(path, e, deadline))?;
        Ok(Answer {
            status,
            token,
            location,
            body,
        })
    }

    /// A redirect's target, when it is a path on this same service.
    fn same_service(&self, location: Option<&str>, from: &str) -> Result<String, RedfishError> {
        let location = location.unwrap_or("");
        match self.path_of(location) {
            Some(path) => Ok(path),
            None => Err(RedfishError::ForeignLink {
                link: location.to_string(),
                from: from.to_string(),
            }),
        }
    }

    /// The path of a link on this service: `/...` as it is, or a whole
    /// `https://host:port/...` URL of this same service.
    pub(crate) fn path_of(&self, link: &str) -> Option<String> {
        let path = if link.starts_with('/') && !link.starts_with("//") {
            link
        } else {
            let rest = link.strip_prefix(&self.base)?;
            if !rest.starts_with('/') {
                return None;
            }
            rest
        };
        let ok = path.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| path.to_string())
    }

    /// The error for an HTTP status that is neither success nor a link
    /// that leads nowhere.
    pub(crate) fn refusal(&self, path: &str, answer: &Answer) -> RedfishError {
        match answer.status {
            401 | 403 => RedfishError::CredentialsRefused {
                target: self.target.clone(),
                uri: path.to_string(),
                status: answer.status,
                user: None,
            },
            status => RedfishError::HttpStatus {
                uri: path.to_string(),
                status,
                message: error_message(&answer.body),
            },
        }
    }

    pub(crate) fn timeout(&self) -> RedfishError {
        RedfishError::Timeout {
            target: self.target.clone(),
            secs: self.timeout_secs,
        }
    }

    /// A ureq error, classified: timeout, certificate, other TLS,
    /// connection, or a broken exchange.
    fn failure(&self, path: &str, err: ureq::Error, deadline: Instant) -> RedfishError {
        let target = self.target.clone();
        match err {
            ureq::Error::Timeout(_) => self.timeout(),
            ureq::Error::HostNotFound => RedfishError::Unreachable {
                target,
                detail: "the host name does not resolve".to_string(),
            },
            ureq::Error::Io(io) => match io_rustls(&io) {
                Some(tls) => tls_failure(target, tls),
                None if Instant::now() >= deadline || io.kind() == io::ErrorKind::TimedOut => {
                    self.timeout()
                }
                None if matches!(
                    io.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::HostUnreachable
                        | io::ErrorKind::NetworkUnreachable
                        | io::ErrorKind::AddrNotAvailable
                ) =>
                {
                    RedfishError::Unreachable {
                        target,
                        detail: crate::out::strerror(&io),
                    }
                }
                None => RedfishError::Exchange {
                    uri: path.to_string(),
                    detail: crate::out::strerror(&io),
                },
            },
            ureq::Error::BodyExceedsLimit(_) => RedfishError::Exchange {
                uri: path.to_string(),
                detail: format!("the answer is larger than {} MiB", BODY_LIMIT >> 20),
            },
            ureq::Error::ConnectionFailed => RedfishError::Unreachable {
                target,
                detail: "the connection failed".to_string(),
            },
            other => RedfishError::Exchange {
                uri: path.to_string(),
                detail: one_line(&other.to_string()),
            },
        }
    }
}

/// The rustls error inside an I/O error, where the TLS layer put one.
fn io_rustls(err: &io::Error) -> Option<&rustls::Error> {
    err.get_ref()?.downcast_ref::<rustls::Error>()
}

fn tls_failure(target: String, err: &rustls::Error) -> RedfishError {
    match err {
        rustls::Error::InvalidCertificate(why) => RedfishError::Certificate {
            target,
            detail: certificate_reason(why),
        },
        other => RedfishError::Tls {
            target,
            detail: one_line(&other.to_string()),
        },
    }
}

fn certificate_reason(why: &rustls::CertificateError) -> String {
    use rustls::CertificateError as E;
    match why {
        E::UnknownIssuer => "signed by an authority this system does not trust, as a \
                             self-signed BMC certificate is"
            .to_string(),
        E::NotValidForNameContext { presented, .. } if !presented.is_empty() => {
            let names: Vec<&str> = presented.iter().map(|n| unquote_name(n)).collect();
            one_line(&format!("the certificate is for {} only", names.join(", ")))
        }
        E::NotValidForName | E::NotValidForNameContext { .. } => {
            "the certificate is for another name".to_string()
        }
        E::Expired | E::ExpiredContext { .. } => "the certificate has expired".to_string(),
        E::NotValidYet | E::NotValidYetContext { .. } => {
            "the certificate is not valid yet".to_string()
        }
        other => {
            let text = format!("{other:?}");
            if text.contains("CaUsedAsEndEntity") {
                "a self-signed certificate: an authority used as a server's".to_string()
            } else {
                one_line(&text)
            }
        }
    }
}

/// A name as rustls presents it (`DnsName("bmc.example.com")`), bare.
fn unquote_name(presented: &str) -> &str {
    match (presented.find('"'), presented.rfind('"')) {
        (Some(start), Some(end)) if start < end => &presented[start + 1..end],
        _ => presented,
    }
}

/// Parse a document; a non-JSON one is an error naming its URI.
pub(crate) fn parse_json(uri: &str, body: &[u8]) -> Result<Value, RedfishError> {
    serde_json::from_slice(body).map_err(|e| RedfishError::BadDocument {
        uri: uri.to_string(),
        detail: format!("not JSON: {e}"),
    })
}

/// The service's own words from a Redfish error body
/// (`error.message`, or its first `@Message.ExtendedInfo` message).
fn error_message(body: &[u8]) -> String {
    let doc: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let error = &doc["error"];
    let text = error["@Message.ExtendedInfo"][0]["Message"]
        .as_str()
        .or_else(|| error["message"].as_str())
        .unwrap_or("no message");
    let mut line = one_line(text);
    if line.chars().count() > 200 {
        line = line.chars().take(200).collect::<String>() + "...";
    }
    line
}

/// Text from the service made fit for a one-line message: control
/// characters (newlines, escapes) become spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new("bmc1", 8443, &Trust::Insecure, 5).unwrap()
    }

    #[test]
    fn links_stay_on_the_service() {
        let c = client();
        assert_eq!(
            c.path_of("/redfish/v1/Managers/1/").as_deref(),
            Some("/redfish/v1/Managers/1/")
        );
        assert_eq!(
            c.path_of("https://bmc1:8443/redfish/v1").as_deref(),
            Some("/redfish/v1")
        );
        assert_eq!(c.path_of("https://evil:8443/redfish/v1"), None);
        assert_eq!(c.path_of("https://bmc1:84430/redfish/v1"), None);
        assert_eq!(c.path_of("//evil/redfish/v1"), None);
        assert_eq!(c.path_of("redfish/v1"), None);
        assert_eq!(c.path_of("/redfish/v1/a b"), None);
        assert_eq!(c.path_of(""), None);
    }

    #[test]
    fn ipv6_hosts_get_brackets() {
        let c = Client::new("fe80::1", 443, &Trust::Insecure, 5).unwrap();
        assert_eq!(c.target, "[fe80::1]:443");
        let c = Client::new("[::1]", 443, &Trust::Insecure, 5).unwrap();
        assert_eq!(c.target, "[::1]:443");
    }

    #[test]
    fn error_bodies_give_one_line() {
        let body = br#"{"error":{"code":"x","message":"General\nerror","@Message.ExtendedInfo":[{"Message":"The\u001b[2J session limit\nwas reached."}]}}"#;
        assert_eq!(error_message(body), "The [2J session limit was reached.");
        assert_eq!(error_message(br#"{"error":{"message":"Busy"}}"#), "Busy");
        assert_eq!(error_message(b"<html>"), "no message");
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not pem\n").unwrap();
        let err = Client::new("h", 443, &Trust::CaFile(path.clone()), 5).unwrap_err();
        assert!(err.to_string().contains("no PEM certificate"), "{err}");
        let missing = dir.path().join("missing.pem");
        let err = Client::new("h", 443, &Trust::CaFile(missing), 5).unwrap_err();
        assert!(err.to_string().contains("No such file"), "{err}");
    }
}
