//! A plain-HTTP ureq client for the loopback mock, shared by tests/e2e_http.rs
//! and the blocking examples: every status comes back as a response (4xx and
//! 5xx included), as `http::Response` or, through errspec's `http` feature, as
//! an `errspec::Response`.
#![allow(dead_code)] // each user needs only some of the methods

use std::time::Duration;

/// A ureq agent that returns 4xx and 5xx responses instead of errors.
pub struct Client {
    agent: ureq::Agent,
    base_url: String,
}

impl Client {
    /// A client for `base_url`, giving up on a request after `timeout`.
    pub fn new(base_url: String, timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Client { agent, base_url }
    }

    /// GET `path`, as an `http::Response`.
    pub fn get_http(&self, path: &str) -> Result<http::Response<Vec<u8>>, ureq::Error> {
        read_body(self.agent.get(format!("{}{path}", self.base_url)).call()?)
    }

    /// POST `path` with an optional JSON body, as an `http::Response`.
    pub fn post_http(
        &self,
        path: &str,
        json: Option<&[u8]>,
    ) -> Result<http::Response<Vec<u8>>, ureq::Error> {
        let request = self.agent.post(format!("{}{path}", self.base_url));
        let response = match json {
            Some(json) => request.content_type("application/json").send(json)?,
            None => request.send_empty()?,
        };
        read_body(response)
    }

    /// GET `path`, as an `errspec::Response`.
    pub fn get(&self, path: &str) -> Result<errspec::Response, ureq::Error> {
        self.get_http(path).map(errspec::Response::from)
    }

    /// POST `path`, as an `errspec::Response`.
    pub fn post(&self, path: &str, json: Option<&[u8]>) -> Result<errspec::Response, ureq::Error> {
        self.post_http(path, json).map(errspec::Response::from)
    }
}

/// The same response, with its body read into bytes.
fn read_body(
    mut response: http::Response<ureq::Body>,
) -> Result<http::Response<Vec<u8>>, ureq::Error> {
    let body = response.body_mut().read_to_vec()?;
    Ok(response.map(|_| body))
}
