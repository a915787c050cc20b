//! A server's URL, kept whole for connecting and shown with its password hidden.

use std::fmt;

use parley_core::error::Error;

/// A `postgres://` or `postgresql://` URL. [`fmt::Display`] (every message, every
/// summary) shows it with the password replaced by `***`, in the user part and in a
/// `password=` parameter alike; only [`ServerUrl::expose`] gives the URL as written.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerUrl(String);

impl ServerUrl {
    /// A URL with a PostgreSQL scheme, or `None` for anything else.
    pub fn parse(text: &str) -> Option<ServerUrl> {
        let (scheme, _) = text.split_once("://")?;
        matches!(scheme, "postgres" | "postgresql").then(|| ServerUrl(text.to_owned()))
    }

    /// The URL as given, password included: for connecting only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// An error about this database, naming it by its URL without the password.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::Open {
            path: self.to_string().into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("", &self.0));
        let (authority, tail) = match rest.find(['/', '?']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        write!(f, "{scheme}://")?;
        match authority.rsplit_once('@') {
            Some((user_info, host)) => {
                let user = user_info
                    .split_once(':')
                    .map_or(user_info, |(user, _)| user);
                let hidden = if user_info.contains(':') { ":***" } else { "" };
                write!(f, "{user}{hidden}@{host}")?;
            }
            None => f.write_str(authority)?,
        }
        let (path, query) = match tail.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (tail, None),
        };
        f.write_str(path)?;
        if let Some(query) = query {
            let parameters: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => p.to_owned(),
                })
                .collect();
            write!(f, "?{}", parameters.join("&"))?;
        }
        Ok(())
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServerUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_postgres_schemes_are_server_urls() {
        assert!(ServerUrl::parse("postgres://db.example/ukraine").is_some());
        assert!(ServerUrl::parse("postgresql://localhost/parley").is_some());
        for other in [
            "parley.db",
            "a:b.db",
            "mysql://db/x",
            "sqlite://x.db",
            "/tmp/x",
        ] {
            assert!(ServerUrl::parse(other).is_none(), "{other}");
        }
    }

    /// A password never reaches a message: in the user part or as a parameter.
    #[test]
    fn the_password_is_hidden_wherever_it_is_given() {
        for (url, shown) in [
            (
                "postgres://parley:s3cret@db.example:5432/ukraine",
                "postgres://parley:***@db.example:5432/ukraine",
            ),
            (
                "postgresql://parley@db.example/ukraine",
                "postgresql://parley@db.example/ukraine",
            ),
            (
                "postgres://db.example/ukraine?user=a&password=s3cret&sslmode=require",
                "postgres://db.example/ukraine?user=a&password=***&sslmode=require",
            ),
            (
                "postgres://u:p%40ss@db?host=/tmp/socket",
                "postgres://u:***@db?host=/tmp/socket",
            ),
            ("postgres://u:s3cret@db", "postgres://u:***@db"),
        ] {
            let url = ServerUrl::parse(url).unwrap();
            assert_eq!(url.to_string(), shown);
            assert!(!format!("{url:?}").contains("s3cret"));
            assert!(!url.error("x").to_string().contains("s3cret"));
        }
    }
}
