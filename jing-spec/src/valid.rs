//! A spec that passed the validator, as a type: [`Valid`], which only [`crate::load`]
//! makes, and the views of the validator's promises it hands out without failing.
//!
//! A [`Spec`] is the model as the files hold it: [`crate::load_pending`] gives one with
//! open decisions in it, and anyone can build one. A [`Valid`] is made once, when the
//! validator found nothing: then every view of `view.rs` is built over the whole spec (the
//! default environment, each endpoint's route with its call name and docs, each token
//! call's credentials, each event's way to the common shape) and kept, so a reader (the
//! generator) gets them as plain values. Should one still fail there (a gap in the
//! validator), [`crate::load`] reports it as a located error, never a panic.
//!
//! A `Valid` reads as the `Spec` it holds (`Deref`), so what only reads the model takes
//! either.

use std::ops::Deref;

use crate::model::{
    Credential, Doc, Endpoint, Environment, EventGroup, Field, Group, HttpMethod, Spec,
    WebhookEvent,
};
use crate::view::{self, RouteView, TypedView, Unchecked};

/// A spec that passed the validator, with the views of its promises.
#[derive(Debug, Clone)]
pub struct Valid {
    spec: Spec,
    /// The position of the default environment in `api.environments`.
    environment: usize,
    /// Each group's endpoints' routes, in the spec's order.
    routes: Vec<Vec<Route>>,
    /// Each event's way to the common shape, in `Webhooks::events` order.
    common_paths: Vec<Vec<String>>,
}

/// An endpoint's route as kept: what a [`RouteView`] borrows.
#[derive(Debug, Clone)]
enum Route {
    Unknown,
    MethodOnly(HttpMethod),
    Typed {
        method: HttpMethod,
        path: String,
        call: String,
        doc: Doc,
        /// For a token call, the credential of each body member, read off them in order.
        credentials: Vec<Credential>,
    },
}

/// A group of a valid spec and the views of its endpoints.
#[derive(Debug, Clone, Copy)]
pub struct GroupView<'a> {
    /// The group.
    pub group: &'a Group,
    routes: &'a [Route],
}

/// An endpoint of a valid spec, with its route.
#[derive(Debug, Clone, Copy)]
pub struct EndpointView<'a> {
    /// The endpoint.
    pub endpoint: &'a Endpoint,
    /// Where it is sent; a typed endpoint's call name and docs.
    pub route: RouteView<'a>,
    /// For a token call (one with a `role`), each body member with its credential; none
    /// for any other endpoint.
    pub token_members: TokenMembers<'a>,
}

/// A token call's body members, each with the credential that fills it, in the spec's
/// order; none for any other endpoint. Only [`Valid`] makes one, from the credentials it
/// read off these very members in one pass ([`view::token_members`]) and keeps beside a
/// spec no one can change, so each member has its credential and a reader gets them as
/// pairs, never as two lists to line up.
#[derive(Debug, Clone, Copy)]
pub struct TokenMembers<'a> {
    members: &'a [Field],
    credentials: &'a [Credential],
}

impl<'a> TokenMembers<'a> {
    /// None: an endpoint that is not a token call.
    const NONE: TokenMembers<'static> = TokenMembers {
        members: &[],
        credentials: &[],
    };

    /// Each member with its credential, in the spec's order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a Field, Credential)> + use<'a> {
        let credentials = self.credentials.iter().copied();
        self.members.iter().zip(credentials)
    }
}

/// A webhook event page of a valid spec, with its way to the common shape.
#[derive(Debug, Clone, Copy)]
pub struct EventView<'a> {
    /// The docs' folder of the page.
    pub group: &'a EventGroup,
    /// The page.
    pub event: &'a WebhookEvent,
    /// The shapes to pass through from its payload (the common shape when it names none)
    /// down to the common shape, one base per level, nearest first.
    pub common_path: &'a [String],
}

impl Valid {
    /// `spec`, which the validator found nothing wrong with, and its views; the first
    /// promise it breaks all the same (a gap in the validator).
    pub(crate) fn new(spec: Spec) -> Result<Valid, Unchecked> {
        let environment = spec.api.default_environment_index()?;
        let routes = (spec.groups.iter())
            .map(|group| group.endpoints.iter().map(route).collect())
            .collect::<Result<_, _>>()?;
        let common_paths = match &spec.webhooks {
            None => Vec::new(),
            Some(webhooks) => (webhooks.events())
                .map(|(_, event)| {
                    let payload = event.payload.as_deref().unwrap_or(&webhooks.common);
                    let path = webhooks.common_path(payload)?;
                    Ok(path.into_iter().map(str::to_owned).collect())
                })
                .collect::<Result<_, Unchecked>>()?,
        };
        Ok(Valid {
            spec,
            environment,
            routes,
            common_paths,
        })
    }

    /// The spec it holds.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The spec it holds, giving up the views.
    pub fn into_spec(self) -> Spec {
        self.spec
    }

    /// The environment a client uses when none is chosen.
    pub fn default_environment(&self) -> &Environment {
        &self.spec.api.environments[self.environment]
    }

    /// Each group, in the spec's order, with the views of its endpoints.
    pub fn groups(&self) -> impl Iterator<Item = GroupView<'_>> {
        (self.spec.groups.iter())
            .zip(&self.routes)
            .map(|(group, routes)| GroupView { group, routes })
    }

    /// Every webhook event page, in the docs' order, with its way to the common shape.
    pub fn events(&self) -> impl Iterator<Item = EventView<'_>> {
        let events = self
            .spec
            .webhooks
            .iter()
            .flat_map(|webhooks| webhooks.events());
        events
            .zip(&self.common_paths)
            .map(|((group, event), common_path)| EventView {
                group,
                event,
                common_path,
            })
    }
}

impl<'a> GroupView<'a> {
    /// The group's endpoints, in the spec's order, each with its route.
    pub fn endpoints(&self) -> impl Iterator<Item = EndpointView<'a>> {
        let endpoints = self.group.endpoints.iter().zip(self.routes);
        endpoints.map(|(endpoint, route)| match route {
            Route::Unknown => EndpointView {
                endpoint,
                route: RouteView::Unknown,
                token_members: TokenMembers::NONE,
            },
            Route::MethodOnly(method) => EndpointView {
                endpoint,
                route: RouteView::MethodOnly(*method),
                token_members: TokenMembers::NONE,
            },
            Route::Typed {
                method,
                path,
                call,
                doc,
                credentials,
            } => EndpointView {
                endpoint,
                route: RouteView::Typed(TypedView {
                    method: *method,
                    path,
                    call,
                    doc,
                }),
                token_members: TokenMembers {
                    members: endpoint.body.as_ref().map_or(&[], |body| &body.fields),
                    credentials,
                },
            },
        })
    }
}

impl Deref for Valid {
    type Target = Spec;

    fn deref(&self) -> &Spec {
        &self.spec
    }
}

/// The route of `endpoint` as kept, with a token call's credentials.
fn route(endpoint: &Endpoint) -> Result<Route, Unchecked> {
    Ok(match endpoint.route()? {
        RouteView::Unknown => Route::Unknown,
        RouteView::MethodOnly(method) => Route::MethodOnly(method),
        RouteView::Typed(typed) => {
            let credentials = match endpoint.role {
                Some(_) => (view::token_members(endpoint)?.into_iter())
                    .map(|(_, credential)| credential)
                    .collect(),
                None => Vec::new(),
            };
            Route::Typed {
                method: typed.method,
                path: typed.path.to_owned(),
                call: typed.call.to_owned(),
                doc: typed.doc.clone(),
                credentials,
            }
        }
    })
}
