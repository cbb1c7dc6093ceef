//! Configuration: endpoints from regions, overrides, custom endpoints, http policy, env vars.

mod common;

use std::time::Duration;

use common::SERVICE;
use sdk_runtime::{Client, Config, Credentials, RetryPolicy, ServiceInfo, SigningAlgorithm};

fn creds() -> Credentials {
    Credentials::aksk("ak", "sk")
}

fn endpoint(builder: sdk_runtime::ConfigBuilder) -> Result<String, sdk_runtime::Error> {
    let config = builder.credentials(creds()).build()?;
    Ok(Client::new(config, &SERVICE)?
        .endpoint()
        .as_str()
        .to_owned())
}

#[test]
fn region_endpoints() {
    assert_eq!(
        endpoint(Config::builder().region("cn-north-4")).unwrap(),
        "https://modelarts.cn-north-4.myhuaweicloud.com/"
    );
    assert_eq!(
        endpoint(Config::builder().region("ap-southeast-1")).unwrap(),
        "https://modelarts.ap-southeast-1.myhuaweicloud.cn/"
    );
    assert_eq!(
        SERVICE.endpoint_env_var("ap-southeast-1"),
        "HUAWEICLOUD_SDK_REGION_MODELARTS_AP_SOUTHEAST_1"
    );
    // Custom endpoint wins over the region (e.g. Open Telekom Cloud).
    assert_eq!(
        endpoint(
            Config::builder()
                .region("cn-north-4")
                .endpoint("https://modelarts.eu-de.otc.t-systems.com")
        )
        .unwrap(),
        "https://modelarts.eu-de.otc.t-systems.com/"
    );
    // No scheme means https.
    assert_eq!(
        endpoint(Config::builder().endpoint("modelarts.example.com:8443")).unwrap(),
        "https://modelarts.example.com:8443/"
    );
    // A fixed template needs no region.
    static GLOBAL: ServiceInfo = ServiceInfo {
        name: "iam",
        endpoint_template: "https://iam.myhuaweicloud.com",
        region_endpoints: &[],
        sdk_name: "iam",
        sdk_version: "0",
    };
    let c = Client::new(
        Config::builder().credentials(creds()).build().unwrap(),
        &GLOBAL,
    )
    .unwrap();
    assert_eq!(c.endpoint().as_str(), "https://iam.myhuaweicloud.com/");
}

#[test]
fn invalid_configurations_are_errors() {
    let err = endpoint(Config::builder()).unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("region"),
        "{err}"
    );
    assert!(endpoint(Config::builder().region("cn-north-4/../evil"))
        .unwrap_err()
        .is_config());
    assert!(endpoint(Config::builder().endpoint("ftp://x"))
        .unwrap_err()
        .is_config());
    assert!(endpoint(Config::builder().endpoint("https://x/?q=1"))
        .unwrap_err()
        .is_config());
    assert!(
        Config::builder()
            .region("cn-north-4")
            .build()
            .unwrap_err()
            .is_config(),
        "credentials are required"
    );
    assert!(Config::builder()
        .credentials(creds())
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err()
        .is_config());
}

#[test]
fn plain_http_only_when_allowed() {
    let err = endpoint(Config::builder().endpoint("http://127.0.0.1:8080")).unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("allow_http"),
        "{err}"
    );
    assert_eq!(
        endpoint(
            Config::builder()
                .endpoint("http://127.0.0.1:8080")
                .allow_http(true)
        )
        .unwrap(),
        "http://127.0.0.1:8080/"
    );
}

#[test]
fn defaults_and_getters() {
    let c = Config::builder()
        .credentials(creds())
        .region("cn-north-4")
        .project_id("p1")
        .operation_timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    assert_eq!(c.connect_timeout(), Duration::from_secs(10));
    assert_eq!(c.timeout(), Duration::from_secs(60));
    assert_eq!(c.operation_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(c.retry().max_attempts(), 1);
    assert_eq!(c.project_id(), Some("p1"));
    assert_eq!(c.region(), Some("cn-north-4"));
    assert!(!c.allow_http());
    assert_eq!(c.signing_algorithm(), SigningAlgorithm::HmacSha256);
    assert_eq!(c.credentials().derived_auth_service_name(), None);
    assert!(!c.credentials().uses_derived_auth("127.0.0.1:80"));
    let client = Client::new(c, &SERVICE).unwrap();
    assert_eq!(client.project_id(), Some("p1"));
    assert_eq!(client.config().user_agent(), Some("my-app/1.0"));
}

#[test]
fn signing_algorithm_and_derived_auth_settings() {
    let c = Config::builder()
        .credentials(creds())
        .signing_algorithm(SigningAlgorithm::HmacSm3)
        .endpoint("https://example.com")
        .build()
        .unwrap();
    assert_eq!(c.signing_algorithm(), SigningAlgorithm::HmacSm3);
    assert_eq!(SigningAlgorithm::HmacSm3.to_string(), "SDK-HMAC-SM3");
    assert_eq!(SigningAlgorithm::default().name(), "SDK-HMAC-SHA256");

    let derived = creds().with_derived_auth_service_name("modelarts");
    assert_eq!(derived.derived_auth_service_name(), Some("modelarts"));
    // Default predicate: derive only for hosts that are not standard Huawei Cloud endpoints.
    assert!(!derived.uses_derived_auth("modelarts.cn-north-4.myhuaweicloud.com"));
    assert!(!derived.uses_derived_auth("modelarts.ap-southeast-1.myhuaweicloud.cn"));
    assert!(derived.uses_derived_auth("modelarts.eu-de.otc.t-systems.com"));
    assert!(derived.uses_derived_auth("127.0.0.1:8080"));
    let forced = derived.clone().with_derived_predicate(|_| true);
    assert!(forced.uses_derived_auth("modelarts.cn-north-4.myhuaweicloud.com"));
    // Token credentials ignore derived settings.
    let token = Credentials::token("t").with_derived_auth_service_name("modelarts");
    assert_eq!(token.derived_auth_service_name(), None);
    assert!(!token.uses_derived_auth("127.0.0.1"));

    // Derived signing needs a region, even with a custom endpoint.
    let err = Config::builder()
        .credentials(derived.clone())
        .endpoint("https://example.com")
        .build()
        .unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("region"),
        "{err}"
    );
    let c = Config::builder()
        .credentials(derived.clone())
        .endpoint("https://example.com")
        .region("eu-de")
        .build()
        .unwrap();
    assert_eq!(
        c.credentials().derived_auth_service_name(),
        Some("modelarts")
    );
    // A predicate without a service name, or a bad service name, is a configuration error.
    for bad in [
        creds().with_derived_predicate(|_| true),
        creds().with_derived_auth_service_name(""),
        creds().with_derived_auth_service_name("a/b"),
    ] {
        let err = Config::builder()
            .credentials(bad)
            .region("cn-north-4")
            .build()
            .unwrap_err();
        assert!(err.is_config(), "{err}");
    }
    let shown = format!("{:?}", forced);
    assert!(
        shown.contains("modelarts") && shown.contains("custom"),
        "{shown}"
    );
}

/// The endpoint of `config` (region la-south-2) without and with the official per-region
/// override variable. Part of [`environment_variables`].
fn region_endpoint_override(config: Config) {
    let client = Client::new(config.clone(), &SERVICE).unwrap();
    assert_eq!(
        client.endpoint().as_str(),
        "https://modelarts.la-south-2.myhuaweicloud.com/"
    );
    // The first of a comma list is used.
    std::env::set_var(
        "HUAWEICLOUD_SDK_REGION_MODELARTS_LA_SOUTH_2",
        " https://a.example.com , https://b.example.com",
    );
    assert_eq!(
        Client::new(config.clone(), &SERVICE)
            .unwrap()
            .endpoint()
            .as_str(),
        "https://a.example.com/"
    );
    std::env::set_var(
        "HUAWEICLOUD_SDK_REGION_MODELARTS_LA_SOUTH_2",
        "http://a.example.com",
    );
    assert!(
        Client::new(config, &SERVICE).unwrap_err().is_config(),
        "http from env still needs allow_http"
    );
}

/// All environment tests live in this one function: the environment is process-global.
#[test]
fn environment_variables() {
    const VARS: [&str; 8] = [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_AUTH_TOKEN",
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "HUAWEICLOUD_SDK_REGION",
        "HUAWEICLOUD_SDK_ENDPOINT",
        "HUAWEICLOUD_SDK_REGION_MODELARTS_LA_SOUTH_2",
    ];
    let clear = || VARS.iter().for_each(|v| std::env::remove_var(v));
    clear();

    assert!(Credentials::from_env().unwrap_err().is_config());
    assert!(
        Config::from_env().unwrap().build().unwrap_err().is_config(),
        "no credentials"
    );

    std::env::set_var("HUAWEICLOUD_SDK_AK", "envAK");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "envSK");
    std::env::set_var("HUAWEICLOUD_SDK_SECURITY_TOKEN", "envST");
    std::env::set_var("HUAWEICLOUD_SDK_PROJECT_ID", "envproject");
    std::env::set_var("HUAWEICLOUD_SDK_REGION", "la-south-2");
    let config = Config::from_env().unwrap().build().unwrap();
    assert_eq!(config.project_id(), Some("envproject"));
    assert_eq!(config.region(), Some("la-south-2"));
    let (ak, sk, st) = config.credentials().aksk_parts().unwrap();
    assert_eq!(
        (
            ak.expose_secret(),
            sk.expose_secret(),
            st.map(|s| s.expose_secret())
        ),
        ("envAK", "envSK", Some("envST"))
    );
    region_endpoint_override(config);

    // Builder settings override the environment.
    let config = Config::from_env()
        .unwrap()
        .project_id("codeproject")
        .build()
        .unwrap();
    assert_eq!(config.project_id(), Some("codeproject"));

    // Custom endpoint from env.
    std::env::set_var(
        "HUAWEICLOUD_SDK_ENDPOINT",
        "https://modelarts.eu-de.otc.t-systems.com",
    );
    let config = Config::from_env().unwrap().build().unwrap();
    assert_eq!(
        Client::new(config, &SERVICE).unwrap().endpoint().host_str(),
        Some("modelarts.eu-de.otc.t-systems.com")
    );

    // AK without SK is an error.
    std::env::remove_var("HUAWEICLOUD_SDK_SK");
    let err = Config::from_env().unwrap_err();
    assert!(
        err.is_config() && err.to_string().contains("HUAWEICLOUD_SDK_SK"),
        "{err}"
    );
    assert!(!err.to_string().contains("envAK"));

    // Token credentials.
    std::env::remove_var("HUAWEICLOUD_SDK_AK");
    std::env::set_var("HUAWEICLOUD_SDK_AUTH_TOKEN", "envToken");
    let creds = Credentials::from_env().unwrap();
    assert!(creds.is_token());
    assert_eq!(creds.auth_token().unwrap().expose_secret(), "envToken");

    clear();
}
