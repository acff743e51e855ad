#!/usr/bin/env python3
"""Writes the table-driven provider rules: rules/secrets/providers-*.toml.

Most provider credentials are one of two shapes:

* P (self-identifying): a distinctive literal prefix then random characters
  (`sgp_` + 40 hex). Matched anywhere; the prefix is the prefilter keyword.
* C (context): random characters with no prefix of their own (32 hex), which only mean
  something next to the provider's name followed by an assignment
  (`OPENWEATHER_API_KEY=...`, `godaddyKey := "..."`). The provider names are the keywords.

Each table row gives the id, name, provider, keywords and the token's shape; this script
builds the regex, an entropy floor measured on random values of that shape, and random
examples and negative examples (every value is generated here, none is copied from
anywhere). The formats were read from the public rule sets of gitleaks, Kingfisher and
Nosey Parker and from the providers' documentation.

Shape tokens, separated by spaces:
  "lit"         a literal (`"a|b"` is an alternation)
  opt:lit       an optional literal
  CS:N / CS:N-M N (to M) characters of the charset CS, one of
                hex [a-f0-9], HEX [A-F0-9], hexi [a-fA-F0-9], an [A-Za-z0-9],
                lan [a-z0-9], uan [A-Z0-9], low [a-z], url [A-Za-z0-9_-],
                b64 [A-Za-z0-9+/], dig [0-9], dns [a-z0-9-] (a host name's label)
  uuid / UUID   a lowercase / uppercase hex UUID
  e:X           (last) the entropy floor, instead of the one measured on random values
  ew            (flag) the provider's name must end a word, or go on after `_`, `.`, `-` or
                a capital: not `sumObj`

Run: python3 scripts/gen_rules.py [--check]   (deterministic: a fixed seed per rule id)
With --check, nothing is written: the script exits 1 if a generated file differs from what
it would write (a hand edit the next run would lose). Rules written by hand belong in the
other files of rules/secrets/.
"""

import math
import random
import re
import sys
from pathlib import Path

CHARSETS = {
    "hex": ("a-f0-9", "0123456789abcdef"),
    "HEX": ("A-F0-9", "0123456789ABCDEF"),
    "hexi": ("a-fA-F0-9", "0123456789abcdefABCDEF"),
    "an": ("A-Za-z0-9", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
    "lan": ("a-z0-9", "abcdefghijklmnopqrstuvwxyz0123456789"),
    "uan": ("A-Z0-9", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    "low": ("a-z", "abcdefghijklmnopqrstuvwxyz"),
    "url": ("A-Za-z0-9_-", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"),
    "b64": ("A-Za-z0-9+/", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
    "dig": ("0-9", "0123456789"),
    "dns": ("a-z0-9-", "abcdefghijklmnopqrstuvwxyz0123456789-"),
}

# The assignment that must follow a provider name for a context rule, as the hand-written
# context rules in saas.toml spell it: `NAME_KEY=`, `name_key: "`, `nameKey := "`,
# `"nameKey": "`, `name_key => '`, `setKey("name", "`, `{ apiKey: '`, `ENV NAME_KEY value`,
# a Markdown table row `| NAME_KEY | value |`, an XML element `<nameKey>value`, an env fallback
# `NAME || '...'` or `NAME ?? '...'`, a spaced dash as in lists and notes (`strava token - '...'`).
# Between the name and the assignment: a glued suffix (`_API_KEY`, `SECRETkey`), then up to
# three spaced secret words (`nimble SECRET`, `clockify private token`, `jupiterone
# ACCESS_KEY`), and a secret word may end in a dash instead of an assignment
# (`bloggerKEY-...`). Only secret words bridge: prose (`the trello board is ...`) does not.
# A spaced word is a secret word, optionally glued to a second one (`SECRETkey`,
# `ACCESSTOKEN`), then `_`, `.` or `-` and more (`SECRET_ACCESS_KEY`): `author` and
# `keyboard` are not secret words.
SECRET_WORD = r"(?:api|app|access|auth|client|key|pat|private|pass|password|secret|token|personal)"
BRIDGE = (
    r"[\w.-]{0,30}(?:[ \t]{1,4}(?i:" + SECRET_WORD + SECRET_WORD + r"?s?(?:[_.-][\w.-]{0,20})?)){0,3}"
)
# The same for a name that must end a word (`ew`): nothing, or a separator or a capital
# and then anything (`sumo_logic`, `SumoLogic`, `sumoAccessId`; not `sumObj`).
BRIDGE_ENDING_A_WORD = (
    r"(?:[_.-][\w.-]{0,29}|[A-Z][\w.-]{0,29})?(?:[ \t]{1,4}(?i:" + SECRET_WORD + SECRET_WORD
    + r"?s?(?:[_.-][\w.-]{0,20})?)){0,3}"
)
DASH = r"(?i:key|secret|token|access|private|pat)-"
# What follows the bridge: the assignment itself.
ASSIGNMENT = (
    # A backslash may escape the quotes: the line is inside a JSON string (a notebook cell).
    # A C# auto-property's accessors may stand between the name and its default:
    # `public string LedgerKey { get; set; } = "...";`.
    r"""(?:\\?["'\]\x60]){0,2}(?:[ \t]{0,3}(?:=|:{1,3}=|[?.]=|:|=>|,|\(|\|\||\?\?|\||>)|[ \t]{1,3}-[ \t]"""
    # The name inside an environment lookup with a fallback: `os.environ.get("X") or "..."`,
    # PHP's `getenv('X') ?: '...'`, `os.Getenv("X") || …`.
    r"""|\)[ \t]{0,3}(?:or[ \t]|\?:|\|\||\?\?)"""
    r"""|[ \t]{1,3}\{[ \t]{0,3}get;[^}\n]{0,40}\}[ \t]{0,3}=|[ \t]|""" + DASH + r""")[ \t]{0,3}"""
    r"""(?:\{?[ \t]{0,2}[A-Za-z_]{1,20}[ \t]{0,2}[=:][ \t]{0,2})?"""
    # A literal fallback after an environment lookup is still a literal in the file:
    # `process.env.X || '...'`, `os.getenv("X", "...")`, `os.environ.get("X") or "..."`,
    # PHP's `getenv('X') ?: '...'`, `ENV.fetch("X", "...")`, `${X:-...}`.
    # The variable names are unbounded (`+`, within the line the regex window ends at): a
    # `{1,60}` bound compiled to 60 NFA states each, about 40% of every context rule's regex
    # and of the per-thread cache its first keyword hit allocates.
    r"""(?:(?:process\.env|import\.meta\.env)(?:\.[A-Za-z0-9_]+|\[[^\]\n]+\])[ \t]*(?:\|\||\?\?)[ \t]*"""
    r"""|os\.(?:environ\.get|getenv)\([ \t]*["'][A-Za-z0-9_.-]+["'][ \t]*(?:,[ \t]*|\)[ \t]*or[ \t]+)"""
    r"""|getenv\([ \t]*["'][A-Za-z0-9_.-]+["'][ \t]*\)[ \t]*\?:[ \t]*"""
    r"""|ENV\.fetch\([ \t]*["'][A-Za-z0-9_.-]+["'][ \t]*,[ \t]*"""
    r"""|ENV\[["'][A-Za-z0-9_.-]+["']\][ \t]*\|\|[ \t]*"""
    r"""|\$\{[A-Za-z0-9_]+:?-)?\\?["'\x60]?"""
)
ASSIGN = BRIDGE + ASSIGNMENT
TAIL = r"(?:[^A-Za-z0-9_+/=-]|$)"

# family | kind | id | name | provider | keywords (comma-separated) | shape
SPEC = """
# ---- ai: model and agent platforms
ai|P|tavily.api-key|Tavily API key|tavily|tvly-|"tvly-" opt:dev- an:32
ai|P|jina.api-key|Jina AI API key|jina|jina_|"jina_" hex:32 url:28
ai|P|cerebras.api-key|Cerebras API key|cerebras|csk-|"csk-" lan:48
ai|P|minimax.api-key|MiniMax API key|minimax|sk-api-|"sk-api-" url:119
ai|C|cursor.api-key|Cursor API key|cursor|cursor|"key_" hex:64
ai|P|runway.api-key|Runway API key|runway|key_|"key_" hex:128
ai|C|voyage.api-key|Voyage AI API key|voyage|voyage|"pa-" url:43
ai|C|stability.api-key|Stability AI API key|stability|stability_api_key,stability_key,stabilityai,stability-api-key|"sk-" an:48
ai|C|ai21.api-key|AI21 Labs API key|ai21|ai21|an:32
ai|C|clarifai.pat|Clarifai personal access token|clarifai|clarifai|hex:32
ai|C|exa.api-key|Exa API key|exa|exa_api,exaapi,exa-api|uuid
ai|P|firecrawl.api-key|Firecrawl API key|firecrawl|fc-|"fc-" hex:32
ai|P|browserbase.api-key|Browserbase API key|browserbase|bb_live_|"bb_live_" url:27
ai|P|e2b.api-key|E2B API key|e2b|e2b_|"e2b_" hex:40
ai|P|llamacloud.api-key|LlamaCloud API key|llamaindex|llx-|"llx-" an:48
ai|P|helicone.api-key|Helicone API key|helicone|sk-helicone-|"sk-helicone-" opt:eu- lan:7 "-" lan:7 "-" lan:7 "-" lan:7
ai|P|friendli.token|Friendli personal access token|friendli|flp_|"flp_" an:46
ai|C|modal.token-secret|Modal token secret|modal|modal_token,modal-token|"as-" an:22
ai|C|deepinfra.api-key|DeepInfra API token|deepinfra|deepinfra|an:32
ai|C|baseten.api-key|Baseten API key|baseten|baseten|an:8 "." an:32
ai|C|gradient.access-token|Gradient access token|gradient|gradient_access_token,gradient-access-token|an:43
ai|C|anyscale.api-key|Anyscale API key|anyscale|anyscale|"esecret_" lan:26
ai|C|writer.api-key|Writer API key|writer|writer_api_key,writer-api-key|an:32
ai|C|runpod.api-key|RunPod API key|runpod|runpod|"rpa_" uan:48
ai|C|sambanova.api-key|SambaNova API key|sambanova|sambanova|uuid
ai|C|novita.api-key|Novita AI API key|novita|novita|"sk_" url:43
ai|C|moonshot.api-key|Moonshot (Kimi) API key|moonshot|moonshot,kimi_api|"sk-" an:48
ai|C|zhipu.api-key|Zhipu AI API key|zhipu|zhipu,bigmodel|hex:32 "." an:16
ai|C|dashscope.api-key|Alibaba DashScope API key|dashscope|dashscope|"sk-" hex:32
ai|C|qdrant.api-key|Qdrant Cloud API key|qdrant|qdrant|url:40-80
ai|C|weaviate.api-key|Weaviate API key|weaviate|weaviate|an:40-60
ai|C|roboflow.api-key|Roboflow API key|roboflow|roboflow|an:20
ai|C|speechmatics.api-key|Speechmatics API key|speechmatics|speechmatics|an:32
ai|C|rev-ai.access-token|Rev.ai access token|rev-ai|revai,rev_ai,rev-ai|url:54
ai|C|gladia.api-key|Gladia API key|gladia|gladia|uuid
ai|C|deepl.api-key|DeepL API key|deepl|deepl_auth_key,deepl_api_key,deepl_key,deepl-auth-key,deepl_token|uuid opt::fx
ai|C|lokalise.api-token|Lokalise API token|lokalise|lokalise|hex:40
ai|C|crowdin.api-token|Crowdin personal access token|crowdin|crowdin|hex:80
ai|C|transifex.api-token|Transifex API token|transifex|transifex|"1/" hex:40
# ---- cloud, hosting and infrastructure
cloud|P|alibaba.access-key-id|Alibaba Cloud AccessKey ID|alibaba|ltai|"LTAI" an:20
cloud|C|alibaba.access-key-secret|Alibaba Cloud AccessKey secret|alibaba|alibaba,aliyun,alicloud|an:30
cloud|P|tencent.secret-id|Tencent Cloud SecretId|tencent|akid|"AKID" an:32
cloud|C|tencent.secret-key|Tencent Cloud SecretKey|tencent|tencent,tencentcloud,qcloud|an:32
cloud|C|ibm.cloud-api-key|IBM Cloud API key|ibm|ibmcloud,ibm_cloud,ibm-cloud,ibm_api_key,ibmcloud_api_key|url:44
cloud|C|ibm.cos-hmac-secret|IBM Cloud Object Storage HMAC secret|ibm|cos_hmac,cos-hmac|hex:48
cloud|C|linode.api-token|Linode (Akamai) personal access token|linode|linode|hex:64
cloud|C|vultr.api-key|Vultr API key|vultr|vultr|uan:36
cloud|C|hetzner.api-token|Hetzner Cloud API token|hetzner|hcloud,hetzner|an:64
cloud|P|scaleway.access-key|Scaleway access key|scaleway|scw|"SCW" uan:17
cloud|C|scaleway.secret-key|Scaleway secret key|scaleway|scaleway,scw_secret|uuid
cloud|C|ovh.application-secret|OVHcloud application secret|ovh|ovh_application_secret,ovh_app_secret,ovh-application-secret,ovhcloud|an:32
cloud|C|ovh.application-key|OVHcloud application key|ovh|ovh_application_key,ovh_app_key,ovh-application-key,ovh_applicationkey|url:16
cloud|C|ovh.consumer-key|OVHcloud consumer key|ovh|ovh_consumer_key,ovh-consumer-key,ovh_consumerkey|an:32
cloud|C|exoscale.api-secret|Exoscale API secret|exoscale|exoscale|url:43
cloud|C|exoscale.api-key|Exoscale API key|exoscale|exoscale|"EXO" hex:24
cloud|P|render.api-key|Render API key|render|rnd_|"rnd_" an:32
cloud|C|railway.api-token|Railway API token|railway|railway|uuid
cloud|P|neon.api-key|Neon API key|neon|napi_|"napi_" lan:64
cloud|P|supabase.secret-api-key|Supabase secret API key|supabase|sb_secret_|"sb_secret_" url:31-48
cloud|P|fly.org-token|Fly.io organization token|fly|fo1_|"fo1_" url:43
cloud|P|fly.macaroon|Fly.io macaroon token|fly|fm2_,fm1r_,fm1a_|"fm2_|fm1r_|fm1a_" b64:100-600 opt:==
cloud|C|upstash.redis-token|Upstash Redis REST token|upstash|upstash|"A" url:60-90 opt:=
cloud|C|aiven.api-token|Aiven API token|aiven|aiven|b64:372
cloud|C|ngrok.authtoken|ngrok authtoken|ngrok|ngrok|dig:1 an:26 "_" an:21
cloud|P|ngrok.api-key|ngrok API key|ngrok|ngrok_api_|"ngrok_api_" an:27 "_" an:21
cloud|C|zerotier.api-token|ZeroTier API token|zerotier|zerotier|an:32
cloud|P|openshift.user-token|OpenShift user token|openshift|sha256~|"sha256~" url:43
cloud|C|portainer.api-key|Portainer access token|portainer|portainer|"ptr_" url:43 opt:=
cloud|P|rancher.api-token|Rancher API token|rancher|token-|"token-" lan:5 ":" lan:54
cloud|C|consul.acl-token|Consul ACL token|consul|consul_http_token,consul_token,consul-token,consul_acl_token|uuid
cloud|C|nomad.acl-token|Nomad ACL token|nomad|nomad_token,nomad-token|uuid
cloud|C|cloudsmith.api-key|Cloudsmith API key|cloudsmith|cloudsmith|hex:40
cloud|C|packagecloud.api-token|packagecloud API token|packagecloud|packagecloud|hex:48
cloud|P|jfrog.reference-token|JFrog reference token|jfrog|cmvmd|"cmVmd" an:59
cloud|P|jfrog.identity-token|JFrog Artifactory API key|jfrog|akcp|"AKCp" an:69
cloud|C|quay.robot-token|Quay.io robot token|quay|quay|uan:64
cloud|C|gemfury.token|Gemfury push token|gemfury|gemfury|an:20
cloud|C|hex-pm.api-key|Hex.pm API key|hexpm|hex_api_key,hexpm,hex-api-key|hex:32
cloud|C|chocolatey.api-key|Chocolatey API key|chocolatey|chocolatey,choco_api|uuid
cloud|C|digitalocean.spaces-secret|DigitalOcean Spaces secret key|digitalocean|spaces_secret,spaces-secret,do_spaces_secret|b64:43
cloud|C|backblaze.application-key|Backblaze B2 application key|backblaze|backblaze,b2_application_key,b2_app_key|"K" dig:3 an:27
cloud|C|wasabi.secret-key|Wasabi secret key|wasabi|wasabi|an:40
cloud|C|cloudinary.api-secret|Cloudinary API secret|cloudinary|cloudinary|url:27
cloud|P|cloudinary.url|Cloudinary URL with API secret|cloudinary|cloudinary://|"cloudinary://" dig:15 ":" url:27 "@" low:8
cloud|P|mongodb.atlas-service-account|MongoDB Atlas service account secret|mongodb|mdb_sa_sk_|"mdb_sa_sk_" url:6 an:34
cloud|C|mongodb.atlas-private-key|MongoDB Atlas API private key|mongodb|atlas_private_key,atlas-private-key,mongodb_atlas_private,mongodbatlas_private|uuid
cloud|P|clickhouse.cloud-api-secret|ClickHouse Cloud API secret|clickhouse|4b1d|"4b1d" an:38
cloud|C|confluent.api-key|Confluent Cloud API key|confluent|confluent,ccloud|uan:16
cloud|C|confluent.api-secret|Confluent Cloud API secret|confluent|confluent,ccloud|b64:64
cloud|P|cockroachlabs.api-key|CockroachDB Cloud API key|cockroachlabs|CCDB1_|"CCDB1_" an:22 "_" an:40
cloud|C|fauna.secret|Fauna secret|fauna|fauna|"fnA|fnE" url:37
cloud|P|xata.api-key|Xata API key|xata|xau_|"xau_" an:32-40
cloud|C|firebase.database-secret|Firebase database secret|firebase|firebase_secret,firebase-secret,firebase_database_secret,firebase_db_secret|an:40
cloud|C|algolia.admin-key|Algolia admin API key|algolia|algolia_admin,algolia-admin,algoliaadmin|hex:32
cloud|C|typesense.api-key|Typesense API key|typesense|typesense|an:32
cloud|C|meilisearch.master-key|Meilisearch master key|meilisearch|meili_master_key,meilisearch|url:32-64
cloud|C|azure.search-admin-key|Azure AI Search admin or query key|azure|azure_search_key,azure_search_admin_key,azure_search_api_key,azure_search_query_key,azuresearch,azure_cognitive_search_key|an:52
cloud|C|elastic.cloud-api-key|Elastic Cloud API key|elastic|elastic_cloud_api_key,ec_api_key,elastic-cloud-api-key|b64:60-80 opt:==
# ---- CI, code hosting and developer tools
devtools|P|sourcegraph.access-token|Sourcegraph access token|sourcegraph|sgp_|"sgp_" hexi:16 "_" hexi:40
devtools|P|sourcegraph.local-token|Sourcegraph instance access token|sourcegraph|sgp_local_|"sgp_local_" hexi:40
devtools|P|sourcegraph.legacy-token|Sourcegraph access token (legacy, no instance part)|sourcegraph|sgp_|"sgp_" hexi:40
devtools|P|sourcegraph.cody-token|Sourcegraph Cody gateway token|sourcegraph|slk_|"slk_" hex:64
devtools|C|dropbox.app-secret|Dropbox app secret or key|dropbox|dropbox|lan:15
devtools|P|intra42.client-secret|42 Intra API client secret|intra42|s-s4t2ud-,s-s4t2af-|"s-s4t2" "ud|af" "-" hex:64
devtools|C|codeclimate.reporter-id|Code Climate test reporter ID|codeclimate|codeclimate,cc_test_reporter_id|hex:64
devtools|P|dependency-track.api-key|Dependency-Track API key|dependency-track|odt_|"odt_" an:32-64
devtools|P|dependency-track.api-key-with-id|Dependency-Track API key with its public id|dependency-track|odt_|"odt_" an:8 "_" an:32-64
devtools|P|deepsource.pat|DeepSource personal access token|deepsource|dsp_|"dsp_" hex:40
devtools|P|coderabbit.api-key|CodeRabbit API key|coderabbit|cr-|"cr-" hex:58
devtools|P|branch.live-key|Branch.io live key|branch|key_live_|"key_live_" an:32
devtools|P|branch.test-key|Branch.io test key|branch|key_test_|"key_test_" an:32
devtools|C|sonarcloud.token|SonarCloud / SonarQube token (legacy 40 hex)|sonarqube|sonar.login,sonar_login,sonar.token,sonar_token,sonarcloud,sonarqube|hex:40
devtools|C|coveralls.repo-token|Coveralls repository token|coveralls|coveralls|an:32-37
devtools|C|codacy.api-token|Codacy API token|codacy|codacy|an:20-32
devtools|C|travis.api-token|Travis CI API token|travis|travis|url:22
devtools|C|drone.token|Drone CI token|drone|droneci,drone_token,drone-token|an:32
devtools|C|semaphore.api-token|Semaphore CI API token|semaphore|semaphore_api_token,semaphoreci|an:20
devtools|C|codemagic.api-token|Codemagic API token|codemagic|codemagic|url:43
devtools|C|bitrise.access-token|Bitrise personal access token|bitrise|bitrise|url:86
devtools|C|appveyor.api-token|AppVeyor API token|appveyor|appveyor|"v2." hex:20
devtools|C|jenkins.api-token|Jenkins API token|jenkins|jenkins|"11" hex:32
devtools|P|teamcity.access-token|TeamCity access token|teamcity|eyj0exaioiaivenwmij9|"eyJ0eXAiOiAiVENWMiJ9." url:20-60 "." url:30-80
devtools|C|gitea.access-token|Gitea / Forgejo access token|gitea|gitea,forgejo,codeberg|hex:40
devtools|C|gogs.access-token|Gogs access token|gogs|gogs|hex:40
devtools|P|stackhawk.api-key|StackHawk API key|stackhawk|hawk.|"hawk." url:20 "." url:20
devtools|C|nightfall.api-key|Nightfall API key|nightfall|nightfall|"NF-" an:32
devtools|C|veracode.api-secret|Veracode API secret|veracode|veracode|hex:128
devtools|C|semgrep.app-token|Semgrep App token|semgrep|semgrep_app_token,semgrep-app-token|hex:64
devtools|C|gitguardian.api-key|GitGuardian API key|gitguardian|gitguardian|an:69-71
devtools|C|percy.token|Percy token|percy|percy_token,percy-token|hex:64
devtools|C|browserstack.access-key|BrowserStack access key|browserstack|browserstack|an:20
devtools|C|saucelabs.access-key|Sauce Labs access key|saucelabs|saucelabs,sauce_access_key,sauce-access-key|uuid
devtools|C|lambdatest.access-key|LambdaTest access key|lambdatest|lambdatest|an:50
devtools|C|cypress.record-key|Cypress Cloud record key|cypress|cypress_record_key,cypress-record-key,record-key|uuid
devtools|C|expo.access-token|Expo access token|expo|expo_token,expo-token|url:40
devtools|C|ionic.api-token|Ionic API token|ionic|ionic|"ion_" lan:42
devtools|P|apify.api-token|Apify API token|apify|apify_api_|"apify_api_" an:36
devtools|P|scrapfly.api-key|Scrapfly API key|scrapfly|scp-live-,scp-test-|"scp-live-|scp-test-" hex:32
devtools|P|postman.collection-key|Postman collection access key|postman|pmat-|"PMAT-" uan:26
devtools|C|rapidapi.key|RapidAPI key|rapidapi|rapidapi,x-rapidapi-key|url:50
devtools|C|ifttt.webhook-key|IFTTT webhook key|ifttt|ifttt|url:22
devtools|C|pipedream.api-key|Pipedream API key|pipedream|pipedream|hex:32
devtools|P|tines.webhook-url|Tines webhook URL|tines|.tines.com/webhook/|"https://" dns:3-40 ".tines.com/webhook/" lan:32 "/" lan:32 e:4.2
devtools|P|microsoft.teams-webhook|Microsoft Teams incoming webhook URL|microsoft|webhookb2|"https://" dns:3-40 ".webhook.office.com/webhookb2/" uuid "@" uuid "/IncomingWebhook/" hexi:32 "/" uuid opt:/V2
devtools|P|microsoft.teams-legacy-webhook|Microsoft Teams incoming webhook URL (outlook.office.com)|microsoft|outlook.office.com/webhook/|"https://outlook.office.com/webhook/" uuid "@" uuid "/IncomingWebhook/" hexi:32 "/" uuid
devtools|P|microsoft.power-automate-url|Power Automate / Teams workflow URL with signature|microsoft|logic.azure.com|"https://prod-" dig:2 "." low:6-10 ".logic.azure.com:443/workflows/" hex:32 "/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" url:43
devtools|C|bitwarden.access-token|Bitwarden Secrets Manager access token|bitwarden|bws_access_token,bws-access-token,bitwarden|"0." uuid "." an:30 ":" b64:22 "=="
devtools|P|definednetworking.api-token|Defined Networking API token|definednetworking|dnkey-|"dnkey-" uan:26 "-" uan:52
devtools|P|doppler.cli-token|Doppler CLI token|doppler|dp.ct.|"dp.ct." an:40-44
devtools|P|doppler.service-token|Doppler service token|doppler|dp.st.|"dp.st." opt:prd. an:40-44
devtools|P|doppler.scim-token|Doppler SCIM or audit token|doppler|dp.scim.,dp.audit.,dp.sa.|"dp.scim.|dp.audit.|dp.sa." an:40-44
devtools|C|onelogin.client-secret|OneLogin client secret|onelogin|onelogin|hex:64
devtools|C|jumpcloud.api-key|JumpCloud API key|jumpcloud|jumpcloud|an:40
devtools|C|keycloak.client-secret|Keycloak client secret|keycloak|keycloak|an:32
devtools|P|stytch.secret|Stytch project secret|stytch|secret-live-,secret-test-|"secret-live-|secret-test-" url:36
devtools|C|clerk.secret-key|Clerk secret key|clerk|clerk|"sk_live_|sk_test_" an:40-50
devtools|C|workos.api-key|WorkOS API key|workos|workos|"sk_live_|sk_test_|sk_" an:40-70
devtools|C|duo.secret-key|Duo Security secret key|duo|duo_secret,duo_skey,duo_api_secret,duo-secret,duosecret|an:40
devtools|C|auth0.management-token|Auth0 management API client secret|auth0|auth0|url:64
devtools|C|okta.client-secret|Okta OAuth client secret|okta|okta_client_secret,okta-client-secret,oktaclientsecret|url:40
devtools|P|hashicorp.hcp-service-principal|HCP service principal client secret|hashicorp|hcp_client_secret|"hcp_client_secret" "=" an:64
devtools|C|launchdarkly.sdk-key|LaunchDarkly SDK key|launchdarkly|launchdarkly|"sdk-" uuid
devtools|C|configcat.sdk-key|ConfigCat SDK key|configcat|configcat|url:22 "/" url:22
devtools|P|statsig.server-secret|Statsig server secret|statsig|secret-|"secret-" an:43
devtools|C|optimizely.api-token|Optimizely personal token|optimizely|optimizely|"2:" url:40-60
devtools|C|split.api-key|Split.io API key|split|splitio,split_api_key,split-api-key,split.io|an:36-40
devtools|C|mixpanel.api-secret|Mixpanel API secret|mixpanel|mixpanel|hex:32
devtools|C|amplitude.secret-key|Amplitude API secret key|amplitude|amplitude|hex:32
devtools|C|heap.api-key|Heap API key|heap|heap_api_key,heap-api-key|hex:32
devtools|C|fullstory.api-key|FullStory API key|fullstory|fullstory|"na1." b64:100 opt:=
devtools|C|onesignal.rest-key|OneSignal REST API key (legacy)|onesignal|onesignal|an:48
devtools|P|onesignal.app-key|OneSignal app API key|onesignal|os_v2_app_|"os_v2_app_" lan:100-120
devtools|C|mux.token-secret|Mux token secret|mux|mux_token_secret,mux-token-secret,mux_secret|b64:75
devtools|C|livekit.api-secret|LiveKit API secret|livekit|livekit_api_secret,livekit-api-secret,livekit_secret|an:40-50
devtools|C|agora.app-certificate|Agora app certificate|agora|agora|hex:32
devtools|C|daily.api-key|Daily.co API key|daily|daily_api_key,daily-api-key,dailyco|hex:64
devtools|C|pusher.app-secret|Pusher Channels app secret|pusher|pusher|hex:20
devtools|C|ably.api-key|Ably API key|ably|ably_api_key,ably_key,ably_root_key,ably-api-key|url:6 "." url:6 ":" url:43
devtools|P|pubnub.secret-key|PubNub secret key|pubnub|sec-c-|"sec-c-" an:48
devtools|C|getstream.api-secret|Stream (getstream.io) API secret|getstream|getstream,stream_api_secret,stream-api-secret,stream_secret|lan:64
devtools|C|sendbird.api-token|Sendbird API token|sendbird|sendbird|hex:40
devtools|C|webex.bot-token|Webex bot token|webex|webex|an:64 "_" an:4 "_" uuid
devtools|C|zoom.client-secret|Zoom OAuth client secret|zoom|zoom_client_secret,zoom-client-secret,zoom_api_secret,zoom_secret,zoomclientsecret|an:32
devtools|C|zulip.api-key|Zulip API key|zulip|zulip|an:32
devtools|C|telegram.named-bot-token|Telegram bot token (named, any secret part)|telegram|telegram|dig:8-10 ":" url:35
devtools|C|gitter.access-token|Gitter access token|gitter|gitter|url:40
devtools|C|mattermost.access-token|Mattermost access token|mattermost|mattermost|lan:26
devtools|C|line.channel-secret|LINE channel secret|line|line_channel_secret,line-channel-secret,linechannelsecret|hex:32
devtools|C|line.channel-access-token|LINE channel access token|line|line_channel_access_token,line-channel-access-token,linechannelaccesstoken|b64:171-172 opt:=
devtools|C|line.notify-token|LINE Notify token|line|linenotify,line_notify,line-notify|an:43
devtools|C|messagebird.api-key|MessageBird API key|messagebird|messagebird,message_bird,message-bird|an:25
devtools|C|vonage.api-secret|Vonage (Nexmo) API secret|vonage|vonage,nexmo|an:16
devtools|C|plivo.auth-token|Plivo auth token|plivo|plivo|an:40
devtools|C|telnyx.api-key|Telnyx API key|telnyx|telnyx|"KEY" url:55
devtools|C|sinch.api-secret|Sinch API secret|sinch|sinch|an:16-32
devtools|C|mailjet.api-secret|Mailjet API key or secret|mailjet|mailjet|hex:32
devtools|C|mandrill.api-key|Mandrill API key|mandrill|mandrill|url:22
devtools|C|sparkpost.api-key|SparkPost API key|sparkpost|sparkpost|hex:40
devtools|P|brevo.smtp-key|Brevo (Sendinblue) SMTP key|brevo|xsmtpsib-|"xsmtpsib-" hex:64 "-" an:16
devtools|C|resend.api-key|Resend API key|resend|resend_api_key,resend_key,resend_token,resend-api-key|"re_" an:8 "_" an:24
devtools|C|customerio.api-key|Customer.io API key|customerio|customerio,customer_io,customer-io|hex:20-32
devtools|C|klaviyo.private-key|Klaviyo private API key|klaviyo|klaviyo|"pk_" an:34
devtools|C|loops.api-key|Loops API key|loops|loops_api_key,loops-api-key|hex:32
devtools|C|elasticemail.api-key|Elastic Email API key|elasticemail|elasticemail,elastic_email|HEX:96
devtools|C|mailersend.api-token|MailerSend API token|mailersend|mailersend|"mlsn." hex:64
devtools|P|mailersend.token|MailerSend API token (prefixed)|mailersend|mlsn.|"mlsn." hex:64
devtools|P|adobe.client-secret|Adobe Developer (I/O) OAuth client secret|adobe|p8e-|"p8e-" an:32 e:3.5
devtools|P|kolide.api-key|Kolide API key|kolide|k2sk_v1_|"k2sk_v1_" an:24
devtools|C|moosend.api-key|Moosend API key|moosend|moosend|uuid
devtools|C|convertkit.api-secret|ConvertKit (Kit) API secret|convertkit|convertkit|url:43
devtools|C|getresponse.api-key|GetResponse API key|getresponse|getresponse|lan:32
devtools|C|activecampaign.api-key|ActiveCampaign API key|activecampaign|activecampaign|hex:72
devtools|C|freshdesk.api-key|Freshdesk API key|freshdesk|freshdesk|an:20
devtools|C|helpscout.api-key|Help Scout API key|helpscout|helpscout|hex:40
devtools|C|front.api-token|Front API token|front|frontapp,front_api_token,front-api-token|"eyJ" url:100-200 "." url:100-400 "." url:43
devtools|C|gorgias.api-key|Gorgias API key|gorgias|gorgias|hex:64
devtools|C|trello.token|Trello API token|trello|trello|hex:64
devtools|C|trello.api-key|Trello API key|trello|trello|hex:32
devtools|C|asana.client-secret|Asana OAuth client secret|asana|asana|an:32
devtools|C|smartsheet.api-token|Smartsheet API access token|smartsheet|smartsheet|an:26-37
devtools|C|todoist.api-token|Todoist API token|todoist|todoist|hex:40
devtools|C|toggl.api-token|Toggl Track API token|toggl|toggl_api,toggl_token,toggltrack,toggl_api_token|hex:32
devtools|C|clockify.api-key|Clockify API key|clockify|clockify|an:48
devtools|C|harvest.access-token|Harvest personal access token|harvest|harvest_access_token,harvest_token,harvestapp,harvest_pat|dig:7 ".pt." url:86
devtools|C|shortcut.api-token|Shortcut (Clubhouse) API token|shortcut|shortcut_api_token,shortcut-api-token,clubhouse_api_token,shortcut_token|uuid
devtools|C|pipedrive.api-token|Pipedrive API token|pipedrive|pipedrive|hex:40
devtools|C|freshbooks.access-token|FreshBooks access token|freshbooks|freshbooks|lan:64
devtools|C|hellosign.api-key|Dropbox Sign (HelloSign) API key|hellosign|hellosign|hex:64
devtools|C|pandadoc.api-key|PandaDoc API key|pandadoc|pandadoc|hex:40
devtools|C|box.client-secret|Box client secret or developer token|box|box_client_secret,box-client-secret,box_developer_token,box_dev_token|an:32
devtools|C|storyblok.access-token|Storyblok access token|storyblok|storyblok|an:22-24
devtools|C|sanity.api-token|Sanity API token|sanity|sanity_api_token,sanity_token,sanity_auth_token,sanity_write_token,sanity_read_token|"sk" an:150-200
devtools|C|datocms.api-token|DatoCMS API token|datocms|datocms|hex:30
devtools|C|buttercms.api-token|ButterCMS API token|buttercms|buttercms|hex:40
devtools|C|webflow.api-token|Webflow API token|webflow|webflow|hex:64
devtools|C|squarespace.api-key|Squarespace API key|squarespace|squarespace|uuid
devtools|C|woocommerce.consumer-secret|WooCommerce REST consumer secret|woocommerce|woocommerce,wc_consumer_secret,consumer_secret|"cs_" hex:40
devtools|C|woocommerce.consumer-key|WooCommerce REST consumer key|woocommerce|woocommerce,wc_consumer_key,consumer_key|"ck_" hex:40
devtools|C|bigcommerce.access-token|BigCommerce access token|bigcommerce|bigcommerce|lan:31
devtools|C|etsy.api-key|Etsy API key|etsy|etsy|lan:24
devtools|C|ebay.client-secret|eBay client secret|ebay|ebay_client_secret,ebay-client-secret,ebay_cert_id,ebay_secret|"PRD-|SBX-" hex:12 "-" hex:4 "-" hex:4 "-" hex:4 "-" hex:4
devtools|C|zendesk.oauth-token|Zendesk OAuth token|zendesk|zendesk|hex:64
devtools|C|intercom.client-secret|Intercom client secret|intercom|intercom|uuid
devtools|C|zoho.access-token|Zoho OAuth token|zoho|zoho|"1000." hex:32 "." hex:32
devtools|C|calendly.api-key|Calendly personal access token (legacy)|calendly|calendly|uan:32
devtools|C|jotform.api-key|Jotform API key|jotform|jotform|hex:32
devtools|C|typeform.client-secret|Typeform client secret|typeform|typeform|an:44
devtools|C|surveymonkey.access-token|SurveyMonkey access token|surveymonkey|surveymonkey|url:80-120
devtools|C|miro.access-token|Miro access token|miro|miro_access_token,miro-access-token,miro_token|"eyJtaXJvLm9yaWdpbiI6ImV1MDEifQ_" url:27
devtools|C|figma.header-token|Figma personal access token (legacy)|figma|figma|hex:4 "-" uuid
devtools|C|airtable.oauth-token|Airtable OAuth access token|airtable|airtable|an:14-20 ".v1." url:40-120 "." hex:64
# ---- monitoring and logging
monitoring|P|newrelic.admin-key|New Relic admin API key|newrelic|nraa-|"NRAA-" hex:27
monitoring|P|newrelic.rest-api-key|New Relic REST API key|newrelic|nrra-|"NRRA-" hex:42
monitoring|P|newrelic.query-key|New Relic insights query key|newrelic|nriq-|"NRIQ-" url:32
monitoring|C|sumologic.access-id|Sumo Logic access ID|sumologic|sumo,sumologic|"su" an:12 ew
monitoring|C|sumologic.access-key|Sumo Logic access key|sumologic|sumo,sumologic|an:64 ew
monitoring|C|honeycomb.api-key|Honeycomb API key (classic)|honeycomb|honeycomb|hex:32
monitoring|C|honeycomb.configuration-key|Honeycomb configuration or ingest key|honeycomb|honeycomb|an:22
monitoring|P|honeycomb.ingest-key|Honeycomb ingest key|honeycomb|hcaik_,hcxik_|"hcaik_|hcxik_" lan:58
monitoring|C|loggly.token|Loggly customer token|loggly|loggly|uuid
monitoring|C|papertrail.token|Papertrail API token|papertrail|papertrail|an:20
monitoring|C|betterstack.token|Better Stack (Logtail) token|betterstack|betterstack,logtail,better_stack,betteruptime|an:24
monitoring|C|splunk.hec-token|Splunk HTTP Event Collector token|splunk|splunk|uuid
monitoring|C|opsgenie.api-key|Opsgenie API key|opsgenie|opsgenie|uuid
monitoring|C|victorops.api-key|Splunk On-Call (VictorOps) API key|victorops|victorops|uuid
monitoring|C|statuspage.api-key|Atlassian Statuspage API key|statuspage|statuspage|uuid
monitoring|C|uptimerobot.api-key|UptimeRobot API key|uptimerobot|uptimerobot|"u|m|ur" dig:6-7 "-" hex:24
monitoring|C|checkly.api-key|Checkly API key|checkly|checkly|"cu_" hex:32
monitoring|C|airbrake.project-key|Airbrake project key|airbrake|airbrake|hex:32
monitoring|C|airbrake.user-key|Airbrake user key|airbrake|airbrake|hex:40
monitoring|C|instana.api-token|Instana API token|instana|instana|url:22
monitoring|C|appoptics.api-token|AppOptics API token|appoptics|appoptics|hex:64
monitoring|P|axiom.token|Axiom API or personal token|axiom|xaat-,xapt-|"xaat-|xapt-" uuid
monitoring|C|mezmo.ingestion-key|Mezmo (LogDNA) ingestion key|mezmo|logdna,mezmo|hex:32
monitoring|P|coralogix.api-key|Coralogix API key|coralogix|cxtp_|"cxtp_" an:30
monitoring|C|coralogix.private-key|Coralogix private key|coralogix|coralogix|uuid
monitoring|P|honeybadger.personal-token|Honeybadger personal auth token|honeybadger|hbp_|"hbp_" an:36
monitoring|C|honeybadger.api-key|Honeybadger project API key|honeybadger|honeybadger|an:20-24
monitoring|C|scout.key|Scout APM key|scout|scout_key,scout-key|an:20
monitoring|C|cronitor.api-key|Cronitor API key|cronitor|cronitor|hex:32
monitoring|C|healthchecks.api-key|Healthchecks.io API key|healthchecks|healthchecks|url:32
monitoring|C|logzio.token|Logz.io token|logzio|logzio,logz_io,logz.io|an:32
monitoring|C|raygun.api-key|Raygun API key|raygun|raygun|an:22-24
monitoring|C|lightstep.access-token|Lightstep access token|lightstep|lightstep|b64:84
monitoring|C|datadog.client-token|Datadog client token|datadog|datadog|"pub" hex:32
# ---- data, media and public APIs
data|C|openweather.api-key|OpenWeather API key|openweather|openweather,owm,pyowm|hex:32
data|C|weatherbit.api-key|Weatherbit API key|weatherbit|weatherbit|hex:32
data|C|weatherstack.api-key|Weatherstack API key|weatherstack|weatherstack|hex:32
data|C|accuweather.api-key|AccuWeather API key|accuweather|accuweather|an:32
data|C|visualcrossing.api-key|Visual Crossing API key|visualcrossing|visualcrossing,visual_crossing|uan:25
data|C|weatherapi.api-key|WeatherAPI.com key|weatherapi|weatherapi|hex:31
data|C|tomorrowio.api-key|Tomorrow.io API key|tomorrowio|tomorrowio,tomorrow_io,tomorrow.io|an:32
data|C|newsapi.api-key|NewsAPI key|newsapi|newsapi|hex:32
data|C|nytimes.api-key|New York Times API key|nytimes|nytimes,newyorktimes|an:32
data|C|guardian.api-key|Guardian Open Platform API key|guardian|guardian_api_key,guardian-api-key,guardianapis|uuid
data|C|alphavantage.api-key|Alpha Vantage API key|alphavantage|alphavantage,alpha_vantage,alpha-vantage|uan:16
data|C|polygon.api-key|Polygon.io API key|polygon|polygon_api,polygonio,polygon.io,polygon-api|url:32
data|C|finnhub.api-key|Finnhub API key|finnhub|finnhub|lan:20
data|C|iexcloud.api-token|IEX Cloud API token|iexcloud|iexcloud,iexapis|"sk_" hex:32
data|C|fmp.api-key|Financial Modeling Prep API key|fmp|financialmodelingprep,fmp_api,fmp-api|an:32
data|C|twelvedata.api-key|Twelve Data API key|twelvedata|twelvedata,twelve_data|hex:32
data|C|tiingo.api-token|Tiingo API token|tiingo|tiingo|hex:40
data|C|marketstack.api-key|Marketstack API key|marketstack|marketstack|hex:32
data|C|nasdaq.data-link-key|Nasdaq Data Link (Quandl) API key|nasdaq|quandl,nasdaqdatalink,nasdaq_data_link|url:20
data|C|coinmarketcap.api-key|CoinMarketCap API key|coinmarketcap|coinmarketcap,cmc_pro|uuid
data|P|coingecko.api-key|CoinGecko API key|coingecko|cg-|"CG-" an:25
data|C|cryptocompare.api-key|CryptoCompare API key|cryptocompare|cryptocompare|hex:64
data|C|coinapi.api-key|CoinAPI key|coinapi|coinapi|uuid
data|C|exchangerate.api-key|ExchangeRate-API key|exchangerate|exchangerate|hex:24
data|C|fixer.api-key|Fixer API key|fixer|fixer_api,fixer-api,fixer_access_key,fixerio|hex:32
data|C|currencylayer.api-key|currencylayer API key|currencylayer|currencylayer|hex:32
data|C|openexchangerates.app-id|Open Exchange Rates app ID|openexchangerates|openexchangerates,open_exchange_rates|hex:32
data|C|scraperapi.api-key|ScraperAPI key|scraperapi|scraperapi|hex:32
data|C|scrapingbee.api-key|ScrapingBee API key|scrapingbee|scrapingbee|uan:80
data|C|zenrows.api-key|ZenRows API key|zenrows|zenrows|hex:40
data|C|diffbot.token|Diffbot token|diffbot|diffbot|hex:32
data|C|serpapi.api-key|SerpApi key|serpapi|serpapi,serp_api|hex:64
data|C|unsplash.access-key|Unsplash access key|unsplash|unsplash|url:43
data|C|pexels.api-key|Pexels API key|pexels|pexels|an:56
data|C|pixabay.api-key|Pixabay API key|pixabay|pixabay|dig:8 "-" hex:25
data|C|giphy.api-key|GIPHY API key|giphy|giphy|an:32
data|C|imgur.client-secret|Imgur client secret|imgur|imgur|hex:40
data|C|flickr.api-secret|Flickr API key|flickr|flickr|hex:32
data|C|spotify.client-secret|Spotify client secret|spotify|spotify|hex:32
data|C|vimeo.access-token|Vimeo access token|vimeo|vimeo|hex:32
data|C|lastfm.api-key|Last.fm API key|lastfm|lastfm,last_fm,last-fm|hex:32
data|C|reddit.client-secret|Reddit client secret|reddit|reddit|url:27-30
data|C|twitter.api-secret|X (Twitter) API secret|twitter|twitter,twitter_consumer|an:50
data|C|twitter.access-token-secret|X (Twitter) access token secret|twitter|twitter|an:45
data|C|twitter.access-token|X (Twitter) access token|twitter|twitter|dig:15-20 "-" an:25-40
data|C|linkedin.client-secret|LinkedIn client secret|linkedin|linkedin,linked_in,linked-in|an:16
data|C|facebook.app-secret|Facebook app secret|facebook|facebook,fb_app_secret,fb_secret|hex:32
data|P|instagram.access-token|Instagram Graph access token|instagram|igqv|"IGQV" url:150-300
data|C|steam.web-api-key|Steam Web API key|steam|steam_api_key,steamapikey,steam_web_api_key,steam-api-key|HEX:32
data|P|riot.api-key|Riot Games API key|riot|rgapi-|"RGAPI-" uuid
data|C|yelp.api-key|Yelp Fusion API key|yelp|yelp|url:128
data|C|foursquare.client-secret|Foursquare client secret|foursquare|foursquare|uan:48
data|P|foursquare.api-key|Foursquare Places API key|foursquare|fsq3|"fsq3" b64:40 opt:=
data|C|eventbrite.token|Eventbrite private token|eventbrite|eventbrite|uan:20
data|C|ticketmaster.api-key|Ticketmaster API key|ticketmaster|ticketmaster|an:32
data|C|tomtom.api-key|TomTom API key|tomtom|tomtom|an:32
data|C|here.api-key|HERE API key|here|hereapi,here_api_key,here-api-key,here_apikey|url:43
data|C|mapquest.api-key|MapQuest API key|mapquest|mapquest|an:32
data|C|opencage.api-key|OpenCage geocoder API key|opencage|opencage|hex:32
data|C|geoapify.api-key|Geoapify API key|geoapify|geoapify|hex:32
data|C|locationiq.api-key|LocationIQ access token|locationiq|locationiq|"pk." hex:32
data|C|ipinfo.token|IPinfo token|ipinfo|ipinfo|hex:14
data|C|ipstack.api-key|ipstack access key|ipstack|ipstack|hex:32
data|C|ipgeolocation.api-key|IPGeolocation API key|ipgeolocation|ipgeolocation|hex:32
data|C|ip2location.api-key|IP2Location API key|ip2location|ip2location,ip2_location|uan:32
data|P|maxmind.license-key|MaxMind license key|maxmind|_mmk|an:6 "_" an:29 "_mmk"
data|C|maxmind.license-key-legacy|MaxMind license key (legacy)|maxmind|maxmind,geoipupdate|an:16
data|C|abuseipdb.api-key|AbuseIPDB API key|abuseipdb|abuseipdb|hex:80
data|C|virustotal.api-key|VirusTotal API key|virustotal|virustotal,vt_api_key,vt-api-key|hex:64
data|C|shodan.api-key|Shodan API key|shodan|shodan|an:32
data|C|securitytrails.api-key|SecurityTrails API key|securitytrails|securitytrails|an:32
data|C|urlscan.api-key|urlscan.io API key|urlscan|urlscan|uuid
data|C|hibp.api-key|Have I Been Pwned API key|hibp|hibp,haveibeenpwned|hex:32
data|C|censys.api-secret|Censys API secret|censys|censys|an:32
data|C|greynoise.api-key|GreyNoise API key|greynoise|greynoise|an:64
data|C|detectify.api-key|Detectify API key|detectify|detectify|hex:32
data|C|hunter.api-key|Hunter.io API key|hunter|hunter_api_key,hunter-api-key,hunterio,hunter.io|hex:40
data|C|clearbit.api-key|Clearbit API key|clearbit|clearbit|"sk_" hex:32
data|C|fullcontact.api-key|FullContact API key|fullcontact|fullcontact|an:32
data|C|zerobounce.api-key|ZeroBounce API key|zerobounce|zerobounce|hex:32
data|C|kickbox.api-key|Kickbox API key|kickbox|kickbox|"live_|test_" hex:64
data|C|numverify.api-key|numverify API key|numverify|numverify|hex:32
data|C|abstractapi.api-key|Abstract API key|abstractapi|abstractapi,abstract_api|hex:32
data|C|cloudconvert.api-key|CloudConvert API key|cloudconvert|cloudconvert|"eyJ" url:30-60 "." url:200-600 "." url:100-400
data|C|pdfshift.api-key|PDFShift API key|pdfshift|pdfshift|hex:32
data|C|docparser.api-key|Docparser API key|docparser|docparser|hex:40
data|C|imagekit.private-key|ImageKit private key|imagekit|imagekit|"private_" b64:28 opt:=
data|C|uploadcare.secret-key|Uploadcare secret key|uploadcare|uploadcare|hex:20
data|C|bitly.access-token|Bitly access token|bitly|bitly|hex:40
data|C|rebrandly.api-key|Rebrandly API key|rebrandly|rebrandly|hex:32
data|C|smartystreets.auth-token|Smarty auth token|smarty|smartystreets,smarty_auth_token|an:20
# ---- finance, payments and crypto
finance|C|paypal.client-secret|PayPal REST client secret|paypal|paypal|"E" url:79
finance|P|checkout.secret-key|Checkout.com secret key|checkout|sk_sbox_|"sk_sbox_" lan:26-40
finance|C|checkout.secret-key-live|Checkout.com live secret key|checkout|checkout_secret,checkout-secret,cko_secret|"sk_" lan:26-40
finance|C|mollie.api-key|Mollie API key|mollie|mollie|"live_|test_" an:30
finance|C|paystack.secret-key|Paystack secret key|paystack|paystack|"sk_live_|sk_test_" hex:40
finance|C|chargebee.api-key|Chargebee API key|chargebee|chargebee|"live_|test_" an:30-34
finance|C|recurly.api-key|Recurly API key|recurly|recurly|hex:32
finance|P|paddle.api-key|Paddle API key|paddle|pdl_live_apikey_,pdl_sdbx_apikey_|"pdl_live_apikey_|pdl_sdbx_apikey_" lan:26 "_" an:27
finance|C|taxjar.api-token|TaxJar API token|taxjar|taxjar|hex:32
finance|C|lob.api-key|Lob API key|lob|lob_api,lob-api,lob_key,lob_secret|"live_|test_" hex:35
finance|C|wise.api-token|Wise (TransferWise) API token|wise|transferwise,wise_api_token,wise-api-token,wise_token|uuid
finance|C|coinbase.api-secret|Coinbase API secret|coinbase|coinbase|an:32
finance|C|binance.api-secret|Binance API key or secret|binance|binance|an:64
finance|C|kraken.private-key|Kraken API private key|kraken|kraken|b64:86 "=="
finance|C|kucoin.api-secret|KuCoin API secret|kucoin|kucoin|uuid
finance|C|kucoin.api-key|KuCoin API key (paired with the secret and passphrase)|kucoin|kucoin|hex:24
finance|C|bitfinex.api-secret|Bitfinex API secret|bitfinex|bitfinex|an:43
finance|C|bittrex.api-secret|Bittrex API secret|bittrex|bittrex|hex:32
finance|C|bybit.api-secret|Bybit API secret|bybit|bybit|an:36
finance|C|okx.api-secret|OKX API secret|okx|okx_secret,okx_api_secret,okx-secret,okex|HEX:32
finance|C|etherscan.api-key|Etherscan API key|etherscan|etherscan|uan:34
finance|C|bscscan.api-key|BscScan API key|bscscan|bscscan|uan:34
finance|C|polygonscan.api-key|PolygonScan API key|polygonscan|polygonscan|uan:34
finance|C|infura.api-key|Infura project secret|infura|infura|hex:32
finance|C|alchemy.api-key|Alchemy API key|alchemy|alchemy|url:32
finance|C|moralis.api-key|Moralis API key|moralis|moralis|an:64
finance|C|blocknative.api-key|Blocknative API key|blocknative|blocknative|uuid
finance|C|finicity.app-key|Finicity app key|finicity|finicity|hex:32
finance|C|dwolla.api-secret|Dwolla API secret|dwolla|dwolla|an:50
finance|C|marqeta.access-token|Marqeta access token|marqeta|marqeta|uuid
finance|C|sumup.api-key|SumUp API key|sumup|sumup|"sup_sk_" an:32
finance|C|authorize-net.transaction-key|Authorize.Net transaction key|authorize-net|authorizenet,authorize_net,authnet,authorize.net|an:16
finance|C|adyen.api-key|Adyen API key|adyen|adyen|"AQE" url:100-200
finance|C|erpnext.api-key|ERPNext (Frappe) API key or secret|erpnext|erpnext,frappe|hex:15
# ---- other public APIs: the provider's name, often a secret word, then the key
apis|C|apilayer.access-key|apilayer API access key (languagelayer, screenshotlayer, coinlayer and siblings)|apilayer|apilayer,languagelayer,screenshotlayer,coinlayer,countrylayer,pdflayer,mailboxlayer,vatlayer,userstack,scrapestack,mediastack,aviationstack,positionstack,serpstack,ipapi,fixerio,fixer_api,fixer.io,fixer_access|hexi:32
apis|C|nimble.api-key|Nimble CRM API key|nimble|nimble|an:30
apis|C|restpack.api-key|Restpack API key|restpack|restpack|an:48
apis|C|centralstationcrm.api-key|CentralStationCRM API key|centralstationcrm|centralstationcrm,centralstation_crm|an:30 e:3.4
apis|C|geocodify.api-key|Geocodify API key|geocodify|geocodify|an:40 e:3.6
apis|C|zonka.api-token|Zonka Feedback API token|zonka|zonka,zonkafeedback|an:36
apis|C|autopilot.api-key|Autopilot API key|autopilot|autopilot_api,autopilotapi,autopilothq,autopilot_key,autopilot_secret,autopilot_token,autopilot-access,autopilot_access,autopilot secret,autopilot private,autopilot key,autopilot token,autopilot access|hexi:32
apis|C|bannerbear.api-key|Bannerbear API key|bannerbear|bannerbear|an:22 "tt"
apis|C|browshot.api-key|Browshot API key|browshot|browshot|an:28
apis|C|codequiry.api-key|Codequiry API key|codequiry|codequiry|an:64
apis|C|collect2.api-key|Collect2 API key|collect2|collect2|uuid
apis|C|currencyscoop.api-key|CurrencyScoop API key|currencyscoop|currencyscoop,currencybeacon|an:32 e:3.4
apis|C|databox.token|Databox token|databox|databox|an:21
apis|C|detectlanguage.api-key|Detect Language API key|detectlanguage|detectlanguage,detect_language|an:32 e:3.4
apis|C|eagleeyenetworks.api-key|Eagle Eye Networks API key|eagleeyenetworks|eagleeyenetworks,eagleeye_networks|an:15
apis|C|feedier.api-key|Feedier API key|feedier|feedier|an:32
apis|C|fileio.api-key|file.io API key|fileio|fileio,file_io|uan:7 "." uan:7 "-" uan:7 "-" uan:7 "-" uan:7
apis|C|flightapi.api-key|FlightAPI key|flightapi|flightapi|lan:24 e:3.3
apis|C|formcraft.api-key|FormCraft API key|formcraft|formcraft|lan:16
apis|C|graphhopper.api-key|GraphHopper API key|graphhopper|graphhopper|uuid
apis|C|holistic.api-key|Holistic API key|holistic|holistic_api,holisticai,holistic_key,holistic_token,holistic_secret,holistic_access|hexi:64
apis|C|instabot.api-key|Instabot API key|instabot|instabot|b64:42 opt:==
apis|C|ipinfodb.api-key|IPInfoDB API key|ipinfodb|ipinfodb|lan:64 e:3.6
apis|C|jupiterone.api-key|JupiterOne API key|jupiterone|jupiterone,jupiter_one|an:76
apis|C|juro.api-key|Juro API key|juro|juro_api,juro_key,juro_secret,juro_token,juro_access,juroapi|an:40
apis|C|lemlist.api-key|lemlist API key|lemlist|lemlist|hexi:32
apis|C|loyverse.access-token|Loyverse access token|loyverse|loyverse|hexi:32
apis|C|mailsac.api-key|Mailsac API key|mailsac|mailsac|"k_" an:36-44
apis|C|monkeylearn.api-key|MonkeyLearn API key|monkeylearn|monkeylearn|hexi:40
apis|C|protocolsio.token|protocols.io access token|protocolsio|protocolsio,protocols_io,protocols.io|lan:64 e:3.6
apis|C|proxycrawl.token|Crawlbase (ProxyCrawl) token|crawlbase|proxycrawl,crawlbase|url:22
apis|C|qualaroo.api-key|Qualaroo API key|qualaroo|qualaroo|an:64
apis|C|rawg.api-key|RAWG API key|rawg|rawg|hexi:32
apis|C|requestfinance.api-key|Request Finance API key|requestfinance|requestfinance,request_finance|uan:7 "-" uan:7 "-" uan:7 "-" uan:7
apis|C|scrapingant.api-key|ScrapingAnt API key|scrapingant|scrapingant|an:32 e:3.4
apis|C|signupgenius.api-key|SignUpGenius API key|signupgenius|signupgenius|an:32
apis|C|simfin.api-key|SimFin API key|simfin|simfin|an:32
apis|C|sportmonks.api-token|Sportmonks API token|sportmonks|sportmonks,sportsmonk|an:60
apis|C|timecamp.api-token|TimeCamp API token|timecamp|timecamp|lan:26 e:3.4
apis|C|tyntec.api-key|tyntec API key|tyntec|tyntec|an:32
apis|C|vbout.api-key|VBOUT API key|vbout|vbout|dig:25
apis|C|versioneye.api-key|VersionEye API key|versioneye|versioneye|an:40
apis|C|walkscore.api-key|Walk Score API key|walkscore|walkscore|hexi:32
apis|C|apifonica.api-key|Apifonica API key|apifonica|apifonica|lan:11 "-" lan:4 "-" lan:4 "-" lan:4 "-" lan:12
apis|C|appointedd.api-key|Appointedd API key|appointedd|appointedd|b64:86 opt:==
apis|C|audd.api-token|AudD API token|audd|audd|hexi:32
apis|C|axonaut.api-key|Axonaut API key|axonaut|axonaut|an:32 e:3.4
apis|C|ayrshare.api-key|Ayrshare API key|ayrshare|ayrshare|uan:8 "-" uan:8 "-" uan:8 "-" uan:8
apis|C|baremetrics.api-key|Baremetrics API key|baremetrics|baremetrics|url:25
apis|C|beamer.api-key|Beamer API key|beamer|beamer|"b_" url:44
apis|C|beebole.api-token|Beebole API token|beebole|beebole|an:40 e:3.6
apis|C|besnappy.api-key|BeSnappy API key|besnappy|besnappy|hexi:64
apis|C|bitbar.api-key|Bitbar API key|bitbar|bitbar|an:32 e:3.4
apis|C|bombbomb.api-key|BombBomb API key|bombbomb|bombbomb|b64:86 opt:==
apis|C|boostnote.api-token|Boost Note API token|boostnote|boostnote|hexi:64
apis|C|budibase.api-key|Budibase API key|budibase|budibase|hex:32 "-" hex:78-80
apis|C|bugherd.api-key|BugHerd API key|bugherd|bugherd|an:22
apis|C|calendarific.api-key|Calendarific API key|calendarific|calendarific|an:32
apis|C|campayn.api-key|Campayn API key|campayn|campayn|an:64 e:3.6
apis|C|capsulecrm.api-token|Capsule CRM API token|capsulecrm|capsulecrm,capsule_crm|url:64
apis|C|chatfuel.api-token|Chatfuel API token|chatfuel|chatfuel|an:128
apis|C|checio.api-key|Chec (Commerce.js) API key|checio|checio,chec_io,chec.io|"pk_|sk_" an:45
apis|C|cicero.api-key|Cicero API key|cicero|cicero_api,cicero_key,cicero_token,cicero_secret,ciceroapi|an:40 e:3.6
apis|C|cloudplan.api-key|Cloudplan API key|cloudplan|cloudplan|uan:32
apis|C|coda.api-token|Coda API token|coda|coda_api,coda_token,coda_key,coda_secret,codaio,coda.io|uuid
apis|C|coinlib.api-key|Coinlib API key|coinlib|coinlib|an:16
apis|C|column.api-key|Column API key|column|column_api,column_key,column_token,column_secret|"live_|test_" an:27
apis|C|convertapi.secret|ConvertAPI secret|convertapi|convertapi|an:16
apis|C|dandelion.api-token|Dandelion API token|dandelion|dandelion|hexi:32
apis|C|delighted.api-key|Delighted API key|delighted|delighted_api,delighted_key,delighted_token,delighted_secret,delightedapi|an:32
apis|C|diggernaut.api-key|Diggernaut API key|diggernaut|diggernaut|an:40 e:3.6
apis|C|dronahq.api-key|DronaHQ API key|dronahq|dronahq|an:50 e:3.8
apis|C|dynalist.api-token|Dynalist API token|dynalist|dynalist|url:128
apis|C|extractorapi.api-key|ExtractorAPI key|extractorapi|extractorapi|an:40
apis|C|findl.api-key|Findl API key|findl|findl|uuid
apis|C|fulcrum.api-token|Fulcrum API token|fulcrum|fulcrum_api,fulcrum_key,fulcrum_token,fulcrumapp|an:80
apis|C|glassnode.api-key|Glassnode API key|glassnode|glassnode|an:27
apis|C|goodday.api-token|GoodDay API token|goodday|goodday_api,goodday_token,goodday_key,gooddayapi|an:32 e:3.4
apis|C|gumroad.access-token|Gumroad access token|gumroad|gumroad|url:43
apis|C|gyazo.access-token|Gyazo access token|gyazo|gyazo|url:43
apis|C|happyscribe.api-key|Happy Scribe API key|happyscribe|happyscribe|an:24
apis|C|hiveage.api-key|Hiveage API key|hiveage|hiveage|url:20
apis|C|holidayapi.api-key|Holiday API key|holidayapi|holidayapi|uuid
apis|C|humanity.api-token|Humanity API token|humanity|humanity_api,humanity_token,humanity_key,humanity_access,humanity_secret|an:40 e:3.6
apis|C|hybiscus.api-key|Hybiscus API key|hybiscus|hybiscus|an:43
apis|C|iconfinder.api-key|Iconfinder API key|iconfinder|iconfinder|an:64
apis|C|imagga.api-key|Imagga API authorization|imagga|imagga|an:72
apis|C|knapsackpro.api-token|Knapsack Pro API token|knapsackpro|knapsackpro,knapsack_pro|hexi:32
apis|C|leadfeeder.api-token|Leadfeeder API token|leadfeeder|leadfeeder|url:43
apis|C|linkpreview.api-key|LinkPreview API key|linkpreview|linkpreview|an:32
apis|C|loadmill.api-token|Loadmill API token|loadmill|loadmill|an:40
apis|C|madkudu.api-key|MadKudu API key|madkudu|madkudu|hexi:32
apis|C|mailerlite.api-key|MailerLite API key (classic)|mailerlite|mailerlite|an:32 e:3.4
apis|C|mailmodo.api-key|Mailmodo API key|mailmodo|mailmodo|uan:7 "-" uan:7 "-" uan:7 "-" uan:7
apis|C|mesibo.app-token|Mesibo app token|mesibo|mesibo|an:64
apis|C|metrilo.api-key|Metrilo API key|metrilo|metrilo|an:16
apis|C|moonclerk.api-key|MoonClerk API key|moonclerk|moonclerk|an:32 e:3.4
apis|C|nozbe.api-token|Nozbe API token|nozbe|nozbe|an:16 "_" url:64
apis|C|openuv.api-key|OpenUV API key|openuv|openuv|an:32 e:3.4
apis|C|owlbot.api-token|OwlBot API token|owlbot|owlbot|hexi:40
apis|C|paydirtapp.api-key|Paydirt API key|paydirtapp|paydirtapp,paydirt|an:32 e:3.4
apis|C|peopledatalabs.api-key|People Data Labs API key|peopledatalabs|peopledatalabs,people_data_labs,pdl_api_key|hexi:64
apis|C|pepipost.api-key|Pepipost (Netcore) API key|pepipost|pepipost|an:32
apis|C|privacy.api-key|Privacy.com API key|privacy|privacy_api,privacy.com,privacycom|uuid
apis|C|pushbullet.access-token|Pushbullet access token|pushbullet|pushbullet|"o." an:32
apis|C|qubole.api-token|Qubole API token|qubole|qubole|an:64
apis|C|recaptcha.secret-key|reCAPTCHA secret key|google|recaptcha_secret,recaptcha-secret,recaptchasecret,recaptcha_private,recaptcha secret,recaptcha private|"6L" url:38
apis|C|refiner.api-key|Refiner API key|refiner|refiner_api,refiner_key,refiner_token,refiner_secret,refinerio,refiner.io|uuid
apis|C|rocketreach.api-key|RocketReach API key|rocketreach|rocketreach|url:39
apis|C|rockset.api-key|Rockset API key|rockset|rockset|an:64
apis|C|salesblink.api-key|SalesBlink API key|salesblink|salesblink|"key-" an:64
apis|C|salescookie.api-key|Salescookie API key|salescookie|salescookie|an:32
apis|C|scrapeowl.api-key|ScrapeOwl API key|scrapeowl|scrapeowl|an:30 e:3.4
apis|C|serphouse.api-key|SERPHouse API key|serphouse|serphouse|an:60
apis|C|sherpadesk.api-key|SherpaDesk API key|sherpadesk|sherpadesk|an:32 e:3.4
apis|C|shipday.api-key|Shipday API key|shipday|shipday|an:10 "." an:20
apis|C|shotstack.api-key|Shotstack API key|shotstack|shotstack|an:40
apis|C|simplesat.api-key|Simplesat API key|simplesat|simplesat|an:40 e:3.6
apis|C|simvoly.api-key|Simvoly API key|simvoly|simvoly|lan:33 e:3.6
apis|C|speechtextai.api-key|Speechtext.AI API key|speechtextai|speechtext|hexi:32
apis|C|sslmate.api-key|SSLMate API key|sslmate|sslmate|an:36
apis|C|statuscake.api-key|StatusCake API key|statuscake|statuscake|an:20
apis|C|stockdata.api-token|StockData API token|stockdata|stockdata|an:40
apis|C|storecove.api-key|Storecove API key|storecove|storecove|url:43
apis|C|streak.api-key|Streak API key|streak|streak_api,streak_key,streak_token,streak_secret,streakapi|hexi:32
apis|C|surveybot.api-key|SurveyBot API key|surveybot|surveybot|an:80
apis|C|surveysparrow.api-token|SurveySparrow API token|surveysparrow|surveysparrow|url:88
apis|C|tefter.api-key|Tefter API key|tefter|tefter|an:20
apis|C|teletype.api-key|Teletype API key|teletype|teletype_api,teletype_key,teletype_token,teletype_secret|url:64
apis|C|tickettailor.api-key|Ticket Tailor API key|tickettailor|tickettailor,ticket_tailor|"sk_" dig:4 "_" dig:6 "_" hex:32
apis|C|tmetric.api-token|TMetric API token|tmetric|tmetric|uan:64
apis|C|uclassify.api-key|uClassify API key|uclassify|uclassify|an:12
apis|C|unplugg.api-key|Unplugg API key|unplugg|unplugg|an:64 e:3.6
apis|C|upcdatabase.api-key|UPCDatabase API key|upcdatabase|upcdatabase|uan:32
apis|C|upwave.api-key|Upwave API key|upwave|upwave|an:32 e:3.4
apis|C|verimail.api-key|Verimail API key|verimail|verimail|uan:32
apis|C|webscraper.api-token|Web Scraper API token|webscraper|webscraper|an:60
apis|C|webscrapingai.api-key|WebScraping.AI API key|webscrapingai|webscraping_ai,webscrapingai,webscraping.ai|an:32
apis|C|ynab.access-token|YNAB personal access token|ynab|youneedabudget,ynab|hexi:64
apis|C|yousign.api-key|Yousign API key|yousign|yousign|an:32 e:3.4
apis|C|zenkit.api-key|Zenkit API key|zenkit|zenkit|lan:8 "-" an:32
apis|C|zipcodeapi.api-key|ZipCodeAPI key|zipcodeapi|zipcodeapi|an:64
apis|C|zipcodebase.api-key|Zipcodebase API key|zipcodebase|zipcodebase|uuid
apis|C|oanda.api-token|OANDA API token|oanda|oanda|hex:32 "-" hex:32
apis|P|pagarme.api-key|Pagar.me API key|pagarme|ak_live_,ak_test_|"ak_live_|ak_test_" an:30
apis|C|teamwork.api-token|Teamwork API token|teamwork|teamwork|"tkn.v1_" an:71 "="
# Teamwork: context only. `tkn.v1_` alone is not taken: TruffleHog lists a bare `tkn.v1_...=`
# without the name nearby as a negative, and the context rule finds every positive example.
apis|P|voiceflow.api-key|Voiceflow API key|voiceflow|vf.dm.,vf.ws.|"VF.DM.|VF.WS." hex:24 "." an:16
apis|P|ubidots.token|Ubidots token|ubidots|bbff-|"BBFF-" an:30
apis|C|apitemplate.api-key|APITemplate API Key|apitemplate|apitemplate|an:39 e:3.4
apis|C|appsynergy.api-key|AppSynergy API Key|appsynergy|appsynergy|an:64 e:3.8
apis|C|atera.api-key|Atera API Key|atera|atera|an:32 e:3.4
apis|C|besttime.api-key|Besttime API Key|besttime|besttime|url:36 e:3.4
apis|C|bitcoinaverage.api-key|BitcoinAverage API Key|bitcoinaverage|bitcoinaverage|an:43 e:3.6
apis|C|blitapp.api-key|BlitApp API Key|blitapp|blitapp|url:39 e:3.4
apis|C|brandfetch.api-key|Brandfetch API Key|brandfetch|brandfetch|an:40 e:3.6
apis|C|buddyns.api-key|BuddyNS API Key|buddyns|buddyns|an:40 e:3.6
apis|C|bulbul.api-key|Bulbul API Key|bulbul|bulbul|an:32 e:3.4
apis|C|carboninterface.api-key|CarbonInterface API Key|carboninterface|carboninterface|an:21 e:3.2
apis|C|chartmogul.api-key|ChartMogul API Key|chartmogul|chartmogul|an:32 e:3.4
apis|C|cliengo.api-key|Cliengo API Key|cliengo|cliengo|uuid
apis|C|cloudmersive.api-key|Cloudmersive API Key|cloudmersive|cloudmersive|url:36 e:3.4
apis|C|cloudsight.api-key|CloudSight API Key|cloudsight|cloudsight|an:20-24 e:3.2
apis|C|clustdoc.api-key|ClustDoc API Key|clustdoc|clustdoc|an:60 e:3.8
apis|C|craftmypdf.api-key|CraftMyPDF API Key|craftmypdf|craftmypdf|an:35 e:3.4
apis|C|currencyfreaks.api-key|Currencyfreaks API Key|currencyfreaks|currencyfreaks|an:32 e:3.4
apis|C|dareboost.api-key|Dareboost API Key|dareboost|dareboost|an:60 e:3.8
apis|C|ethplorer.api-key|Ethplorer API Key|ethplorer|ethplorer|url:22 e:3.2
apis|C|everhour.api-key|Everhour API Key|everhour|everhour|hexi:4 "-" hexi:4 "-" hexi:6 "-" hexi:6 "-" hexi:8
apis|C|fulcrum.api-key|Fulcrum API Key|fulcrum|fulcrum|an:80 e:3.8
apis|C|geckoboard.api-key|Geckoboard API Key|geckoboard|geckoboard|an:44 e:3.6
apis|C|ipify.api-key|GeoIpifi API Key|ipify|ipify,ipifi|url:32 e:3.4
apis|C|html2pdf.api-key|Html2Pdf API Key|html2pdf|html2pdf,html2_pdf|an:64 e:3.8
apis|C|insightly.api-key|Insightly API Key|insightly|insightly|url:36 e:3.4
apis|C|ipquality.api-key|IPQualityScore API Key|ipquality|ipquality|an:32 e:3.4
apis|C|klipfolio.api-key|Klipfolio API Key|klipfolio|klipfolio|hexi:40
apis|C|kontent.api-key|Kontent API Key|kontent|kontent|url:36 e:3.4
apis|C|kylas.api-key|Kylas API Key|kylas|kylas|url:36 e:3.4
apis|C|loginradius.api-key|Loginradius API Key|loginradius|loginradius|uuid
apis|C|lunchmoney.api-key|LunchMoney API Key|lunchmoney|lunchmoney|hexi:50
apis|C|mavenlink.api-key|Mavenlink API Key|mavenlink|mavenlink|an:64 e:3.8
apis|C|mixmax.api-key|Mixmax API Key|mixmax|mixmax|url:36 e:3.4
apis|C|newscatcher.api-key|Newscatcher API Key|newscatcher|newscatcher|url:43 e:3.6
apis|C|nftport.api-key|NFTPort API Key|nftport|nftport|uuid
apis|C|nicereply.api-key|Nicereply API Key|nicereply|nicereply|hexi:40
apis|C|noticeable.api-key|Noticeable API Key|noticeable|noticeable|an:20 e:3.2
apis|C|paralleldots.api-key|ParallelDots API Key|paralleldots|paralleldots|an:43 e:3.6
apis|C|partnerstack.api-key|PartnerStack API Key|partnerstack|partnerstack|an:64 e:3.8
apis|C|pastebin.api-key|Pastebin API Key|pastebin|pastebin|url:32 e:3.4
apis|C|paymoapp.api-key|Paymoapp API Key|paymoapp|paymoapp|an:44 e:3.6
apis|C|paymongo.api-key|PayMongo API Key|paymongo|paymongo|url:32 e:3.4
apis|C|planyo.api-key|Planyo API Key|planyo|planyo|an:62 e:3.8
apis|C|podio.api-key|Podio API Key|podio|podio|an:32 e:3.4
apis|C|pollsapi.api-key|PollsAPI Key|pollsapi|pollsapi|an:28 e:3.3
apis|C|postageapp.api-key|PostageApp API Key|postageapp|postageapp|an:32 e:3.4
apis|C|powrbot.api-key|Powrbot API Key|powrbot|powrbot|an:40 e:3.6
apis|C|prodpad.api-key|Prodpad API Key|prodpad|prodpad|hexi:64
apis|C|qase.api-key|Qase API Key|qase|qase|an:40 e:3.6
apis|C|replyio.api-key|Reply.io API Key|replyio|replyio|an:24 e:3.3
apis|C|route4me.api-key|Route4Me API Key|route4me|route4me|an:32 e:3.4
apis|C|scraperbox.api-key|ScraperBox API Key|scraperbox|scraperbox|an:32 e:3.4
apis|C|screenshotapi.api-key|ScreenshotAPI Key|screenshotapi|screenshotapi|an:7 "-" an:7 "-" an:7 "-" an:7
apis|C|scrutinizer.api-key|Scrutinizer CI Access Token|scrutinizer|scrutinizer|an:64 e:3.8
apis|C|selectpdf.api-key|SelectPDF API Key|selectpdf|selectpdf|url:36 e:3.4
apis|C|signaturit.api-key|Signaturit API Key|signaturit|signaturit|an:86 e:3.8
apis|C|skrapp.api-key|Skrapio API Key|skrapp|skrapp|an:42 e:3.6
apis|C|statuspal.api-key|Statuspal API Key|statuspal|statuspal|an:32 e:3.4
apis|C|stormboard.api-key|Stormboard API Key|stormboard|stormboard|hexi:40
apis|C|stormglass.api-key|Stormglass API Key|stormglass|stormglass|url:73 e:3.8
apis|C|supernotes.api-key|SuperNotes API Key|supernotes|supernotes|url:43 e:3.6
apis|C|tatum.api-key|TatumIO API Key|tatum|tatum|url:36 e:3.4
apis|C|technicalanalysisapi.api-key|TechnicalAnalysisApi Key|technicalanalysisapi|technicalanalysisapi|an:48 e:3.6
apis|C|travelpayouts.api-key|TravelPayouts API Key|travelpayouts|travelpayouts|an:32 e:3.4
apis|C|uplead.api-key|Uplead API Key|uplead|uplead|url:32 e:3.4
apis|C|veriphone.api-key|Veriphone API Key|veriphone|veriphone|an:32 e:3.4
apis|C|voodoosms.api-key|VoodooSMS API Key|voodoosms|voodoosms|an:46 e:3.6
apis|C|vpnapi.api-key|VPNAPI Key|vpnapi|vpnapi|an:32 e:3.4
apis|C|wistia.api-key|Wistia API Key|wistia|wistia|an:64 e:3.8
apis|C|worldweather.api-key|WorldWeather API Key|worldweather|worldweather|an:31 e:3.3
apis|C|zenscrape.api-key|Zenscrape API Key|zenscrape|zenscrape|uuid
# ---- formats Betterleaks added (read from its config/betterleaks.toml, Dec 2026)
ai|C|ollama.api-key|Ollama API key|ollama|ollama|hex:32 "." url:24
ai|C|upstage.api-key|Upstage AI API key|upstage|upstage|an:40-50
ai|C|greptile.api-key|Greptile API key|greptile|greptile|b64:48
ai|C|kagi.api-key|Kagi API key|kagi|kagi|url:11 "." url:43
ai|C|privateai.api-key|Private AI API key|privateai|privateai,private_ai,private-ai|lan:32
ai|C|zai.api-key|Z.ai (GLM) API key|zai|zai_api,zai_key,z_ai_api,glm_api_key|hex:32 "." an:16
cloud|C|civo.api-key|Civo API key|civo|civo|an:50 ew
cloud|P|upcloud.api-token|UpCloud API token|upcloud|ucat_|"ucat_" an:24-32
cloud|C|infomaniak.api-token|Infomaniak API token|infomaniak|infomaniak|url:60-100
cloud|C|yandex.iam-token|Yandex Cloud IAM token|yandex|yandex|"t1." url:20-120 "." url:86
cloud|C|yandex.api-key|Yandex Cloud API key|yandex|yandex|"AQVN" url:35-38
cloud|C|yandex.static-key-secret|Yandex Cloud static access key secret|yandex|yandex|"YC" url:38
cloud|P|deno.account-token|Deno Deploy account token|deno|ddp_|"ddp_" an:36
cloud|C|snowflake.pat|Snowflake programmatic access token|snowflake|snowflake_token,snowflake_pat,snowflake-token,snowflake_access_token,snowflake_programmatic_access_token,sf_token|url:100-500
cloud|C|influxdb.api-token|InfluxDB API token|influxdb|influx|url:86 "=="
devtools|P|aikido.ci-token|Aikido CI token|aikido|aik_ci_|"AIK_CI_" an:20-44
devtools|P|devcycle.server-sdk-key|DevCycle server SDK key|devcycle|dvc_server_|"dvc_server_" an:8-32
devtools|P|endorlabs.api-key|Endor Labs API key or secret|endorlabs|endr+|"endr+" an:16
devtools|P|mergify.application-key|Mergify application key|mergify|mergify_application_key_|"mergify_application_key_" url:40-200
devtools|P|unkey.root-key|Unkey root key|unkey|unkey_|"unkey_" an:20-32
devtools|P|zuplo.consumer-api-key|Zuplo consumer API key|zuplo|zpka_|"zpka_" lan:32 "_" hex:8
devtools|P|settlemint.access-token|SettleMint access token|settlemint|sm_pat_,sm_aat_,sm_sat_|"sm_pat_|sm_aat_|sm_sat_" an:16
devtools|P|polar.access-token|Polar access token|polar|polar_pat_,polar_oat_,polar_at_|"polar_pat_|polar_oat_|polar_at_" url:20-100
devtools|P|pinterest.access-token|Pinterest access token|pinterest|pina_|"pina_" url:20-200
devtools|P|samsara.api-token|Samsara API token|samsara|samsara_api_|"samsara_api_" an:26-32
devtools|P|gc-notify.api-key|GC Notify API key|gc-notify|gcntfy-|"gcntfy-" lan:1-30 "-" uuid "-" uuid
devtools|C|databento.api-key|Databento API key|databento|databento|"db-" an:29
monitoring|P|onfido.api-token|Onfido live API token|onfido|api_live.,api_live_us.,api_live_ca.|"api_live.|api_live_us.|api_live_ca." url:20-80
finance|P|asaas.api-token|Asaas API token|asaas|aact_prod_,aact_hmlg_|"aact_prod_|aact_hmlg_" url:20-100
finance|P|midtrans.server-key|Midtrans server key|midtrans|mid-server-|"Mid-server-" url:16-32
finance|P|highnote.secret-key|Highnote live secret key|highnote|sk_live_a2v5xz|"sk_live_a2V5Xz" b64:69
finance|C|rainforest.api-key|Rainforest Pay API key|rainforest|rainforest|"apikey_" hex:64
finance|P|ramp.client-secret|Ramp OAuth client secret|ramp|ramp_sec_|"ramp_sec_" an:48
cloud|C|meraki.api-key|Cisco Meraki Dashboard API key|meraki|meraki|hex:40
data|C|looker.client-secret|Looker API client secret|looker|looker|an:24
monitoring|P|pixie.api-key|New Relic Pixie API or deploy key|pixie|px-api-,px-dep-|"px-api-|px-dep-" uuid
# ---- formats TruffleHog detects that the rows above lacked (read from its pkg/detectors)
devtools|P|figma.personal-access-token-v2|Figma personal access token (figp_)|figma|figp_|"figp_" url:40-54
devtools|P|fleetbase.api-key|Fleetbase live API key|fleetbase|flb_live_|"flb_live_" an:20
devtools|P|sonarcloud.token-v2|SonarQube Cloud token (sqco_)|sonarcloud|sqco_|"sqco_" an:59
devtools|P|salesforce.refresh-token|Salesforce OAuth refresh token|salesforce|5aep861|"5Aep861" url:70-120
monitoring|P|pganalyze.read-key|pganalyze read API key|pganalyze|pgar_|"pgar_" an:27
cloud|P|saladcloud.api-key|SaladCloud API key|saladcloud|salad_cloud_|"salad_cloud_" an:1-7 "_" an:7-235
finance|P|robinhood.crypto-api-key|Robinhood Crypto API key|robinhood|rh-api-|"rh-api-" uuid
"""


# Provider names are words that also occur inside code and prose (`nimble`, `atera` in
# `lateral`, `tmetric` in `getMetric`, `sinch` read across `queryPostsInChannel`): a keyword
# hit of every context rule counts only where the name starts a word
# (`keyword_starts_word`), so a name glued inside another word neither triggers the rule
# (its regex is never compiled for it) nor matches.

TITLES = {
    "ai": "AI, speech and language platforms",
    "cloud": "Cloud, hosting, databases and package hosting",
    "devtools": "CI, code hosting, identity, messaging, email, productivity and commerce tools",
    "monitoring": "Monitoring, logging and incident tools",
    "data": "Data, media, maps, search, security and other public APIs",
    "finance": "Payments, banking and crypto exchanges",
    "apis": "Other public APIs: keys named by the provider in code or prose",
}


# Shape tokens that are flags on the rule, not segments of the value.
FLAGS = ("ew",)


def parse_shape(shape):
    """Shape string -> list of segments: ('lit', [alts]), ('opt', lit), ('cs', name, lo, hi)."""
    segs = []
    for tok in re.findall(r'"[^"]*"|\S+', shape):
        if tok.startswith('"'):
            segs.append(("lit", tok[1:-1].split("|")))
        elif tok.startswith("e:") or tok in FLAGS:
            continue  # the entropy floor and the flags, read by build()
        elif tok.startswith("opt:"):
            segs.append(("opt", tok[4:]))
        elif tok in ("uuid", "UUID"):
            cs = "hex" if tok == "uuid" else "HEX"
            for i, n in enumerate((8, 4, 4, 4, 12)):
                if i:
                    segs.append(("lit", ["-"]))
                segs.append(("cs", cs, n, n))
        else:
            name, _, count = tok.partition(":")
            if name not in CHARSETS:
                sys.exit(f"unknown charset in {shape!r}: {tok}")
            lo, _, hi = count.partition("-")
            segs.append(("cs", name, int(lo), int(hi or lo)))
    return segs


def seg_regex(seg):
    if seg[0] == "lit":
        alts = [re.escape(a) for a in seg[1]]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if seg[0] == "opt":
        return "(?:" + re.escape(seg[1]) + ")?"
    _, name, lo, hi = seg
    count = f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
    return f"[{CHARSETS[name][0]}]{count}"


def rust_escape(regex):
    # Python's re.escape escapes characters the Rust regex crate rejects as escapes
    # (`\-` is fine, but `\ `, `\/`, `\:`... are not needed): undo it for plain ones.
    return re.sub(r"\\([^A-Za-z0-9.\\^$|?*+()\[\]{}\-])", r"\1", regex)


def sample(segs, rng, filler=None, shorten=False):
    out = []
    for seg in segs:
        if seg[0] == "lit":
            out.append(rng.choice(seg[1]))
        elif seg[0] == "opt":
            out.append(seg[1] if rng.random() < 0.5 else "")
        else:
            _, name, lo, hi = seg
            n = rng.randint(lo, hi)
            alphabet = CHARSETS[name][1]
            if filler is not None:
                out.append((filler if filler in alphabet else alphabet[0]) * n)
            else:
                out.append("".join(rng.choices(alphabet, k=n)))
    value = "".join(out)
    if shorten:
        # Drop characters from the longest random segment so the value is too short.
        longest = max((s for s in segs if s[0] == "cs"), key=lambda s: s[2])
        return value, longest[2]
    return value


def too_short(segs, rng):
    """A value of the right alphabet with the longest random segment 3 characters short."""
    idx = max(range(len(segs)), key=lambda i: segs[i][2] if segs[i][0] == "cs" else -1)
    short = list(segs)
    _, name, lo, hi = short[idx]
    short[idx] = ("cs", name, max(1, lo - 3), max(1, lo - 3))
    return sample(short, rng)


def entropy(s):
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return -sum(v / len(s) * math.log2(v / len(s)) for v in counts.values())


def floor_for(segs, rng):
    values = sorted(entropy(sample(segs, rng)) for _ in range(400))
    # Below the 1st percentile of random values of this shape, less a margin: a value
    # that scores lower is filler or a pattern, not a generated credential.
    return max(2.0, math.floor((values[4] - 0.25) * 10) / 10)


def toml_str(s):
    if "'''" in s or "\n" in s:
        sys.exit(f"cannot write {s!r}")
    return "'''" + s + "'''" if ("'" in s or '"' in s or "\\" in s) else '"' + s + '"'


def toml_list(items):
    return "[\n" + "".join(f"    {toml_str(i)},\n" for i in items) + "]"


def env_name(keyword):
    return re.sub(r"[^A-Za-z0-9]+", "_", keyword).strip("_").upper()


def camel(keyword):
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", keyword) if p]
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:])


# Words to build CamelCase identifiers from, for negative examples (an API action name is
# not a key even when it has a key's length and alphabet).
WORDS = (
    "Get Set List Put Update Delete Create Describe Start Stop Launch Profile Session Stream "
    "Studio Member Config Policy Access Report Export Import Account Project Channel Message "
    "Record Status Summary Detail Request Result Template Version Window Worker Service"
).split()


def identifier_of(segs, rng):
    """A CamelCase identifier as long as a one-segment letters-and-digits shape (in
    lowercase for a lowercase shape: `executeworkflow`), or None."""
    cs = [seg for seg in segs if seg[0] == "cs"]
    if len(segs) != 1 or len(cs) != 1 or cs[0][1] not in ("an", "url", "lan"):
        return None
    n = cs[0][2]
    if n > 32:
        return None
    for _ in range(20000):
        word, parts = "", 0
        while len(word) < n:
            word += rng.choice(WORDS)
            parts += 1
        # At most six words: what the judge calls an identifier.
        if len(word) == n and parts <= 6:
            return word.lower() if cs[0][1] == "lan" else word
    return None


def validator_for(family, kind, segs):
    """The validator of a table rule, or None.

    The long tail's names are plain words (`nimble`, `podio`) that also name IAM action
    namespaces and code (`nimble:GetLaunchProfile...`): a context rule of that family with
    a value of 20 characters or more takes it only if the structured judge would take it
    for a credential, not a word or an identifier. Digit-only and base64 shapes keep the
    regex alone (the judge reads them as a number or a path), and so do short ones (a
    12-character key has no digit one time in eight)."""
    cs = [seg for seg in segs if seg[0] == "cs"]
    names = {seg[1] for seg in cs}
    longest = max((seg[2] for seg in cs), default=0)
    if family == "apis" and kind == "C" and longest >= 20 and not names & {"dig", "b64"}:
        return "credential"
    # A context rule whose whole value is 15 lowercase letters and digits or more also
    # takes a word after its name in prose (`dropbox, executeworkflow`): it asks for a
    # digit, which a random key of that shape lacks less than one time in a hundred.
    if kind == "C" and len(segs) == 1 and names == {"lan"} and segs[0][2] >= 15:
        return "letter-and-digit"
    return None


def build(row):
    # The shape is the last column and may itself hold `|` (literal alternations).
    family, kind, rid, name, provider, keywords, shape = [c.strip() for c in row.split("|", 6)]
    severity = "high"
    rule_id = f"vp.{rid}.1"
    rng = random.Random(rule_id)
    # `e:X` at the end of a shape sets the entropy floor by hand: a provider documented as
    # `[a-z0-9]{32}` may issue hex keys, whose entropy is below that of random `an` values.
    flags = {tok for tok in shape.split() if tok in FLAGS}
    shape = " ".join(tok for tok in re.findall(r'"[^"]*"|\S+', shape) if tok not in FLAGS)
    starts_word = kind == "C"
    floor_override = None
    m = re.search(r"\s+e:([0-9.]+)$", shape)
    if m:
        floor_override = float(m.group(1))
        shape = shape[: m.start()]
    segs = parse_shape(shape)
    body = "".join(seg_regex(s) for s in segs)
    keys = [k.strip() for k in keywords.split(",") if k.strip()]
    # `heap_api_key` is also written `heapApiKey`, `heap.api.key` and `HEAP-API-KEY`: the
    # prefilter gets every spelling, and the regex takes any separator or none.
    if kind == "C":
        for k in list(keys):
            parts = re.split(r"[_.-]", k)
            if len(parts) > 1 and len("".join(parts)) >= 5:
                for sep in ("_", "-", ".", ""):
                    if sep.join(parts) not in keys:
                        keys.append(sep.join(parts))
    floor = floor_for(segs, rng)
    if floor_override is not None:
        floor = floor_override

    validator = validator_for(family, kind, segs)

    def good():
        while True:
            v = sample(segs, rng)
            # The judge takes a value without a digit for a word or an identifier.
            if validator and not re.search(r"[0-9]", v):
                continue
            if entropy(v) >= floor + 0.2 and not re.search(r"(.)\1\1\1", v):
                return v

    if kind == "P":
        first = segs[0]
        word_start = first[0] == "cs" or (first[0] == "lit" and re.match(r"\w", first[1][0]))
        lead = r"\b" if word_start else ""
        regex = f"{lead}(?P<secret>{body}){TAIL}"
        v1, v2 = good(), good()
        examples = [f"{env_name(provider)}_TOKEN={v1}", f'  "token": "{v2}",']
        negatives = [
            f"{env_name(provider)}_TOKEN={sample(segs, rng, filler='x')}",
            f"{env_name(provider)}_TOKEN={too_short(segs, rng)}",
        ]
        if lead == r"\b":
            negatives.append(f"id=Q{good()}")
    else:
        # One alternative per joined spelling, written with its separators made optional.
        by_joined = {}
        for k in keys:
            joined = re.sub(r"[_.-]", "", k)
            if len(k) > len(by_joined.get(joined, "")):
                by_joined[joined] = k
        spellings = sorted(by_joined.values())
        alts = "|".join(
            "[_.-]?".join(rust_escape(re.escape(part)) for part in re.split(r"[_.-]", k))
            for k in spellings
        )
        assign = BRIDGE_ENDING_A_WORD + ASSIGNMENT if "ew" in flags else ASSIGN
        regex = f"(?i:{alts}){assign}(?P<secret>{body}){TAIL}"
        k = keys[0]
        v1, v2, v3 = good(), good(), good()
        examples = [
            f"{env_name(k)}_API_KEY={v1}",
            f'    "{camel(k)}Secret": "{v2}",',
            f'{camel(k)}Key := "{v3}"',
            f"const {camel(k)}Key = process.env.{env_name(k)}_KEY || '{good()}';",
            f"ENV {env_name(k)}_TOKEN {good()}",
            f"{k} SECRET {good()}",
            f"{camel(k)}_PRIVATE access token: {good()}",
            f"{camel(k)}KEY-{good()}",
            f'    "os.environ[\\"{env_name(k)}_KEY\\"] = \\"{good()}\\"\\n",',
            f'    public string {camel(k)[:1].upper() + camel(k)[1:]}Key {{ get; set; }} = "{good()}";',
        ]
        negatives = [
            f"{env_name(k)}_API_KEY=${{{env_name(k)}_API_KEY}}",
            f"{env_name(k)}_API_KEY={sample(segs, rng, filler='x')}",
            f"{env_name(k)}_API_KEY={too_short(segs, rng)}",
            f"api_key={good()}",
            f"the {k} board {good()}",
            f"{k} author {good()}",
        ]
    if "ew" in flags:
        # The name's last letter in capitals begins another word (`sumObj`).
        negatives.append(f'{k[:-1]}{k[-1].upper()}bj = "{good()}"')
    if starts_word and k[:1].isalpha():
        # The name as a camelCase part starts a word; glued inside a lowercase word it does not
        # (unless another of the rule's names starts a word inside it: `record_key` in
        # `xcypress_record_key`).
        examples.append(f'my{camel(k)[0].upper()}{camel(k)[1:]}Key = "{good()}"')
        if not any(other != k and other in k.lower() for other in keys):
            negatives.append(f"x{k.lower()}_api_key={good()}")
    # A CamelCase identifier of the value's length is not a key.
    if validator:
        word = identifier_of(segs, rng)
        if word:
            negatives.append(f"{k}:{word}")
    regex = rust_escape(regex)
    lines = [
        "[[rules]]",
        f"id = {toml_str(rule_id)}",
        f"name = {toml_str(name)}",
        f"provider = {toml_str(provider)}",
        f"severity = {toml_str(severity)}",
        f"keywords = [{', '.join(toml_str(k) for k in keys)}]",
        f"regex = '''{regex}'''",
        f"entropy = {floor}",
        *([f"validator = {toml_str(validator)}"] if validator else []),
        *(["keyword_starts_word = true"] if starts_word else []),
        f"examples = {toml_list(examples)}",
        f"negative_examples = {toml_list(negatives)}",
    ]
    return family, "\n".join(lines) + "\n"


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        sys.exit("usage: gen_rules.py [--check]")
    root = Path(__file__).resolve().parent.parent / "rules" / "secrets"
    stale = []
    by_family = {}
    seen = set()
    for row in SPEC.strip().splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        family, text = build(row)
        rid = text.split("\n")[1]
        if rid in seen:
            sys.exit(f"duplicate {rid}")
        seen.add(rid)
        by_family.setdefault(family, []).append(text)
    for family, rules in by_family.items():
        header = (
            f"# {TITLES[family]}.\n"
            "# Generated by scripts/gen_rules.py from its table: edit the table and rerun, do not\n"
            "# edit this file. Prefixed formats match anywhere; the others need the provider's name\n"
            "# followed by an assignment on the same line. Every example value was generated at\n"
            "# random by the script.\n\n"
        )
        path = root / f"providers-{family}.toml"
        text = header + "\n".join(rules)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
            continue
        path.write_text(text)
        print(f"providers-{family}.toml: {len(rules)} rules")
    if check:
        if stale:
            sys.exit(f"not what scripts/gen_rules.py writes (edit its table, not the file): {', '.join(stale)}")
        print(f"{len(by_family)} generated files match the table ({len(seen)} rules)")
        return
    print(f"total {len(seen)}")


if __name__ == "__main__":
    main()
