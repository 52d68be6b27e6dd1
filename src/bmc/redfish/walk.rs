//! The walk over one Redfish service: the service root, a login, the
//! Managers collection, each manager, its EthernetInterfaces collection
//! and each interface, in collection order, following only the
//! `@odata.id` links the documents give. Each document goes through the
//! pure parsers of [`document`]; the result is the [`Settings`].

use std::time::Instant;

use serde_json::Value;

use super::client::Client;
use super::document;
use super::error::RedfishError;
use super::model::{Interface, Settings};
use super::session::{self, Auth, Credentials, Slot};

/// The service root's fixed URI: the one URI tk does not get from a link.
pub(crate) const SERVICE_ROOT: &str = "/redfish/v1";

/// Walk the service and sum up its interfaces.
pub(crate) fn walk(
    client: &Client,
    credentials: &Credentials,
    deadline: Instant,
    slot: &Slot,
) -> Result<Settings, RedfishError> {
    walk_as(client, credentials, deadline, slot).map_err(|mut err| {
        // A refusal names the user it refused, for the message.
        if let RedfishError::CredentialsRefused { user, .. } = &mut err {
            user.clone_from(&credentials.user);
        }
        err
    })
}

fn walk_as(
    client: &Client,
    credentials: &Credentials,
    deadline: Instant,
    slot: &Slot,
) -> Result<Settings, RedfishError> {
    let root = service_root(client, deadline)?;
    let sessions = match &root.sessions {
        Some(link) => Some(resolve(client, link, SERVICE_ROOT)?),
        None => None,
    };
    let auth = session::login(client, sessions.as_deref(), credentials, deadline, slot)?;
    let walker = Walker {
        client,
        auth: &auth,
        deadline,
    };
    let no_interfaces = |managers: Vec<String>| RedfishError::NoInterfaces {
        target: client.target.clone(),
        managers,
    };
    let Some(managers_link) = &root.managers else {
        return Err(no_interfaces(Vec::new()));
    };
    let mut interfaces = Vec::new();
    let mut manager_ids = Vec::new();
    let (managers_uri, managers) = walker.collection(managers_link, SERVICE_ROOT)?;
    for link in managers {
        let (uri, doc) = walker.follow(&link, &managers_uri)?;
        let manager = document::manager(&doc, &uri).map_err(|p| bad(&uri, p))?;
        manager_ids.push(manager.id.clone());
        if let Some(link) = &manager.interfaces {
            interfaces.extend(walker.interfaces(link, &uri, &manager.id)?);
        }
    }
    Settings::new(interfaces).ok_or_else(|| no_interfaces(manager_ids))
}

/// GET /redfish/v1 and check that it is a Redfish service root.
fn service_root(client: &Client, deadline: Instant) -> Result<document::ServiceRoot, RedfishError> {
    let not_redfish = |detail: String| RedfishError::NotRedfish {
        target: client.target.clone(),
        detail,
    };
    let doc = client
        .get_json(SERVICE_ROOT, SERVICE_ROOT, &[], deadline)
        .map_err(|err| match err {
            RedfishError::DeadLink { status, .. } => {
                not_redfish(format!("{SERVICE_ROOT} answered HTTP {status}"))
            }
            RedfishError::BadDocument { .. } => not_redfish(format!("{SERVICE_ROOT} is not JSON")),
            other => other,
        })?;
    document::service_root(&doc).map_err(not_redfish)
}

/// A link's path on this service, or the error naming where it was.
fn resolve(client: &Client, link: &str, from: &str) -> Result<String, RedfishError> {
    client
        .path_of(link)
        .ok_or_else(|| RedfishError::ForeignLink {
            link: link.to_string(),
            from: from.to_string(),
        })
}

fn bad(uri: &str, problem: String) -> RedfishError {
    RedfishError::BadDocument {
        uri: uri.to_string(),
        detail: problem,
    }
}

/// The walk's authenticated GETs.
struct Walker<'a> {
    client: &'a Client,
    auth: &'a Auth,
    deadline: Instant,
}

impl Walker<'_> {
    /// GET the document a link found in `from` leads to: (its URI, it).
    fn follow(&self, link: &str, from: &str) -> Result<(String, Value), RedfishError> {
        let uri = resolve(self.client, link, from)?;
        let doc = self
            .client
            .get_json(&uri, from, &self.auth.headers(), self.deadline)?;
        Ok((uri, doc))
    }

    /// A collection's URI and its members' links.
    fn collection(&self, link: &str, from: &str) -> Result<(String, Vec<String>), RedfishError> {
        let (uri, doc) = self.follow(link, from)?;
        let members = document::members(&doc).map_err(|p| bad(&uri, p))?;
        Ok((uri, members))
    }

    /// Every interface of a manager's EthernetInterfaces collection.
    fn interfaces(
        &self,
        link: &str,
        from: &str,
        manager_id: &str,
    ) -> Result<Vec<Interface>, RedfishError> {
        let (collection_uri, members) = self.collection(link, from)?;
        members
            .iter()
            .map(|link| {
                let (uri, doc) = self.follow(link, &collection_uri)?;
                document::ethernet_interface(&doc, &uri, manager_id).map_err(|p| bad(&uri, p))
            })
            .collect()
    }
}
