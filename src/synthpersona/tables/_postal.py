"""Postal codes as coarse regions: a feature an analyst derives, never the code itself.

A postal code is personal data (with a birth date and a gender it singles people out), so
the column is never clustered. Where the country is knowable, its leading digits still say
where a customer is at the level of a region (India's PIN: the first two digits are a
postal circle; a US ZIP's first three, the level HIPAA's safe harbour allows; a French
code's first two, the département; a UK postcode's area letters). :func:`postal_regions`
derives ``COL (region)`` from such a column: the country comes from the user
(``postal_country``), else a country column holding one country, else the header
(``PIN``, ``ZIP``, ``PLZ``, ``CEP``, ``Индекс``, ``郵便番号``...), else a format only one
country writes (``1012 AB``, ``SW1A 1AA``, ``01310-100``, ``〒150-0002``). The depth is the
finest at which 80 % of the rows share their region with at least ``k`` others
(k-anonymity); rarer regions are merged into ``other regions``.

Examples
--------
>>> import pandas as pd
>>> codes = pd.Series(["110001", "110017", "400050", "400001", "560034"] * 4)
>>> regions = postal_regions("Pincode", codes, k=2)
>>> regions.country, regions.apply(codes)[:3].tolist()
('IN', ['Delhi (11…)', 'Delhi (11…)', 'Maharashtra (40…)'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from synthpersona.tables._columns import norm_name

__all__ = ["OTHER_REGIONS", "PostalRegions", "country_of_column", "postal_regions"]

OTHER_REGIONS = "other regions"
_COVERAGE = 0.8  # of the rows in a region of at least k rows, at the depth chosen

# country -> deepest prefix (digits) worth stating; GB and CA use letters (see _prefix)
_DEPTH = {
    "IN": 2, "US": 3, "DE": 2, "AT": 1, "CH": 1, "FR": 2, "ES": 2, "IT": 2, "BR": 2, "RU": 3, "CN": 2,
    "JP": 2, "KR": 2, "PL": 2, "NL": 2, "MX": 2, "FI": 2, "TR": 2, "AU": 1, "GB": 1, "CA": 1,
}  # fmt: skip
# India's postal circles by the PIN's first two digits (India Post), readable where a digit is not
_IN_CIRCLES = {
    "11": "Delhi", **dict.fromkeys(("12", "13"), "Haryana"), **dict.fromkeys(("14", "15", "16"), "Punjab"),
    "17": "Himachal Pradesh", **dict.fromkeys(("18", "19"), "Jammu & Kashmir"),
    **dict.fromkeys(("20", "21", "22", "23", "24", "25", "26", "27", "28"), "Uttar Pradesh / Uttarakhand"),
    **dict.fromkeys(("30", "31", "32", "33", "34"), "Rajasthan"),
    **dict.fromkeys(("36", "37", "38", "39"), "Gujarat"),
    **dict.fromkeys(("40", "41", "42", "43", "44"), "Maharashtra"),
    **dict.fromkeys(("45", "46", "47", "48", "49"), "Madhya Pradesh / Chhattisgarh"),
    **dict.fromkeys(("50", "51", "52", "53"), "Telangana / Andhra Pradesh"),
    **dict.fromkeys(("56", "57", "58", "59"), "Karnataka"),
    **dict.fromkeys(("60", "61", "62", "63", "64"), "Tamil Nadu"),
    **dict.fromkeys(("67", "68", "69"), "Kerala"),
    **dict.fromkeys(("70", "71", "72", "73", "74"), "West Bengal"),
    **dict.fromkeys(("75", "76", "77"), "Odisha"), "78": "Assam", "79": "North East",
    **dict.fromkeys(("80", "81", "82", "83", "84", "85"), "Bihar / Jharkhand"),
}  # fmt: skip

# the header says the country (after norm_name; raw for scripts norm_name drops)
_HEADER_COUNTRY = (
    (re.compile(r"^pin$|pincode|^pin\d*code"), "IN"),
    (re.compile(r"zip"), "US"),
    (re.compile(r"^plz$|postleitzahl"), "DE"),
    (re.compile(r"^cep$"), "BR"),
    (re.compile(r"codepostal"), "FR"),
    (re.compile(r"^cap$"), "IT"),
    (re.compile(r"kodpocztowy"), "PL"),
    (re.compile(r"postinumero"), "FI"),
    (re.compile(r"postakodu"), "TR"),
    (re.compile(r"^npa$"), "CH"),
)
_RAW_COUNTRY = (
    (re.compile(r"индекс|почтов"), "RU"),
    (re.compile(r"郵便"), "JP"),
    (re.compile(r"우편"), "KR"),
    (re.compile(r"邮编|邮政"), "CN"),
)
# formats one country writes
_FORMATS = (
    (re.compile(r"^\d{4} ?[A-Z]{2}$"), "NL"),
    (re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"), "GB"),
    (re.compile(r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$"), "CA"),
    (re.compile(r"^〒?\d{3}-\d{4}$"), "JP"),
    (re.compile(r"^\d{5}-\d{3}$"), "BR"),
    (re.compile(r"^\d{2}-\d{3}$"), "PL"),
    (re.compile(r"^\d{5}-\d{4}$"), "US"),
)
_COUNTRY_NAMES = {
    "IN": ("india", "bharat", "भारत"), "US": ("united states", "usa", "us", "united states of america"),
    "DE": ("germany", "deutschland"), "FR": ("france",), "ES": ("spain", "españa", "espana"),
    "IT": ("italy", "italia"), "BR": ("brazil", "brasil"), "RU": ("russia", "россия"),
    "CN": ("china", "中国"),
    "JP": ("japan", "日本"), "KR": ("south korea", "korea", "대한민국", "한국"), "PL": ("poland", "polska"),
    "NL": ("netherlands", "nederland", "the netherlands"), "GB": ("united kingdom", "uk", "great britain"),
    "CA": ("canada",), "MX": ("mexico", "méxico"), "AT": ("austria", "österreich"),
    "CH": ("switzerland", "schweiz", "suisse"), "AU": ("australia",), "FI": ("finland", "suomi"),
    "TR": ("turkey", "türkiye"),
}  # fmt: skip
_NAME_TO_CODE = {n: c for c, names in _COUNTRY_NAMES.items() for n in (*names, c.casefold())}
_N_COUNTRY = re.compile(r"^(country|land|pays|pais|paese|nation|countryregion|countryname)$")
_RAW_N_COUNTRY = re.compile(r"страна|国家|国|국가|देश")


@dataclass(frozen=True)
class PostalRegions:
    """How ``column``'s postal codes become the coarse feature ``name``.

    Attributes
    ----------
    column, name
        The postal-code column and the derived feature (``"COL (region)"``).
    country
        ISO country code the rule is for.
    how
        How the country was known (user, country column, header, format).
    depth
        Leading characters kept (digits; GB: the area letters, CA: the first letter).
    kept
        Regions with at least ``k`` rows; the others read ``other regions``.
    """

    column: str
    name: str
    country: str
    how: str
    depth: int
    kept: tuple[str, ...]

    def apply(self, values: pd.Series) -> pd.Series:
        """Each code's region (blank where a value is no code of the country)."""
        regions = _regions(values, self.country, self.depth)
        kept = set(self.kept)
        return regions.where(regions.isna() | regions.isin(kept), OTHER_REGIONS)

    def describe(self, k: int) -> dict[str, object]:
        """For ``analysis.json``: what was derived, from what, how the country was known, the override."""
        return {
            "column": self.column,
            "feature": self.name,
            "country": self.country,
            "country_from": self.how,
            "prefix": self.depth,
            "regions": list(self.kept),
            "k_anonymity": k,
            "override": f"postal_country (--postal-country XX, or none to leave {self.name!r} out)",
        }


def _clean(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper().str.lstrip("〒").str.strip()


def _prefix(codes: pd.Series, country: str, depth: int) -> pd.Series:
    if country == "GB":  # the area: the letters before the first digit ("SW", "M", "EC")
        return codes.str.extract(r"^([A-Z]{1,2})\d", expand=False)
    if country == "CA":  # the first letter of the forward sortation area: a province or part of one
        return codes.str.extract(r"^([A-Z])\d[A-Z]", expand=False)
    digits = codes.str.replace(r"[\s\-]", "", regex=True)
    ok = digits.str.fullmatch(r"\d{4,6}[A-Z]{0,2}").fillna(False).astype(bool)
    return digits.str.slice(0, depth).where(ok)


def _label(prefix: str, country: str) -> str:
    if country == "IN" and len(prefix) == 2 and prefix in _IN_CIRCLES:
        return f"{_IN_CIRCLES[prefix]} ({prefix}…)"
    if country in ("GB", "CA"):
        return f"{country} {prefix}"
    return f"{country} {prefix}…"


def _regions(values: pd.Series, country: str, depth: int) -> pd.Series:
    prefixes = _prefix(_clean(values), country, depth)
    labels = {p: _label(p, country) for p in prefixes.dropna().unique()}
    return prefixes.map(labels).astype(object)


def country_of_column(name: str, values: pd.Series) -> str | None:
    """The one country a column names (≥ 90 % of its non-blank values), if it is a country column."""
    if not (_N_COUNTRY.match(norm_name(name)) or _RAW_N_COUNTRY.search(name)):
        return None
    codes = values.dropna().astype(str).str.strip().str.casefold().map(_NAME_TO_CODE)
    if codes.empty or codes.isna().mean() > 0.1:
        return None
    top = codes.value_counts(normalize=True)
    return str(top.index[0]) if top.iloc[0] >= 0.9 else None


def _country(
    name: str, values: pd.Series, user: str | None, column_country: str | None
) -> tuple[str, str] | None:
    if user:
        return user.upper(), "set by the user (postal_country)"
    if column_country:
        return column_country, "the table's country column"
    key, raw = norm_name(name), name.casefold()
    for pattern, country in _HEADER_COUNTRY:
        if pattern.search(key):
            return country, f"the header {name!r}"
    for pattern, country in _RAW_COUNTRY:
        if pattern.search(raw):
            return country, f"the header {name!r}"
    sample = _clean(values.dropna().head(500)).dropna()
    for pattern, country in _FORMATS:
        if len(sample) and sample.map(lambda v, p=pattern: bool(p.match(v))).mean() >= 0.9:
            return country, "the codes' format"
    return None


def postal_regions(
    name: str,
    values: pd.Series,
    *,
    k: int = 5,
    country: str | None = None,
    column_country: str | None = None,
) -> PostalRegions | None:
    """The coarse-region rule for postal-code column ``name``, or ``None`` (country unknown, too few rows).

    ``country`` is the user's ISO code (``"none"`` derives nothing); ``column_country`` the
    one country a country column of the table holds. The depth is the finest of the
    country's at which :data:`_COVERAGE` of the coded rows sit in regions of ``k`` or more.
    """
    if country is not None and country.strip().casefold() == "none":
        return None
    found = _country(name, values, country, column_country)
    if found is None or found[0] not in _DEPTH:
        return None
    iso, how = found
    for depth in range(_DEPTH[iso], 0, -1):
        regions = _regions(values, iso, depth).dropna()
        if len(regions) < 0.5 * max(values.notna().sum(), 1):
            return None  # most values are no code of this country
        counts = regions.value_counts()
        big = counts[counts >= k]
        if len(big) >= 2 and big.sum() >= _COVERAGE * len(regions):
            return PostalRegions(name, f"{name} (region)", iso, how, depth, tuple(sorted(big.index)))
    return None
