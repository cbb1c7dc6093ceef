//! Static description of a service, provided by each generated crate.

use url::Url;

use crate::Error;

/// Static facts about a service, defined as a `const` by the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Service name, e.g. `modelarts`: used for the endpoint environment override
    /// (`HUAWEICLOUD_SDK_REGION_<NAME>_<REGION>`) and logs.
    pub name: &'static str,
    /// Endpoint template, e.g. `https://modelarts.{region}.myhuaweicloud.com`; may be a fixed
    /// URL without `{region}`.
    pub endpoint_template: &'static str,
    /// Per-region endpoints that do not follow the template, e.g.
    /// `("ap-southeast-1", "https://modelarts.ap-southeast-1.myhuaweicloud.cn")`.
    pub region_endpoints: &'static [(&'static str, &'static str)],
    /// Name of the SDK crate, for the `User-Agent`, e.g. `modelarts-data`.
    pub sdk_name: &'static str,
    /// Version of the SDK crate, for the `User-Agent`.
    pub sdk_version: &'static str,
}

impl ServiceInfo {
    /// Name of the environment variable that overrides the endpoint of `region`, following the
    /// official SDKs: `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` upper-cased with `-` as `_`,
    /// e.g. `HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4`. Its value may list several endpoints
    /// separated by commas; the first is used.
    pub fn endpoint_env_var(&self, region: &str) -> String {
        let norm = |s: &str| s.to_ascii_uppercase().replace(['-', '.'], "_");
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            norm(self.name),
            norm(region)
        )
    }

    /// The built-in endpoint of `region`: the `region_endpoints` entry if any, else the
    /// template with `{region}` replaced. Ignores the environment.
    pub fn endpoint_for_region(&self, region: &str) -> String {
        self.region_endpoints
            .iter()
            .find(|(r, _)| *r == region)
            .map(|(_, e)| (*e).to_owned())
            .unwrap_or_else(|| self.endpoint_template.replace("{region}", region))
    }

    /// True when the template needs a region.
    pub fn needs_region(&self) -> bool {
        self.endpoint_template.contains("{region}")
    }
}

/// Parses and checks an endpoint URL. A missing scheme means `https://`. Plain `http` is
/// accepted only when `allow_http` is true.
pub(crate) fn parse_endpoint(raw: &str, allow_http: bool) -> Result<Url, Error> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::config("empty endpoint"));
    }
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| Error::config(format!("invalid endpoint {raw:?}: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        "http" => {
            return Err(Error::config(format!(
                "endpoint {raw:?} uses plain http, which sends credentials and data unencrypted; call allow_http(true) to permit it"
            )))
        }
        other => return Err(Error::config(format!("endpoint {raw:?}: unsupported scheme {other:?}"))),
    }
    if !matches!(url.host_str(), Some(h) if !h.is_empty()) {
        return Err(Error::config(format!("endpoint {raw:?} has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config("endpoint must not contain user info"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "endpoint {raw:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}
