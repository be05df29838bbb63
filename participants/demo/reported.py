"""The coverage figures reported in the press (domain guide §8), as demo reports.

Each entry says which numbers the articles give; the others are filled in so that the
report passes the validation rules (formal + informal = labour force, and so on).
"""

from participants.calculations import minimum_rupiah
from participants.content import ReportContent, Row

JKM_BENEFIT = 42_000_000  # JKM death benefit per case (PP 82/2019)


def twelve_months(workers: int, rupiah: int | None = None) -> Row:
    """Workers protected for a year, paid at the Rp16.800 minimum unless given."""
    return {
        "workers": workers,
        "months": 12,
        "rupiah": minimum_rupiah(workers, 12) if rupiah is None else rupiah,
    }


def base_figures(total: int, formal: int, pu: int, bpu: int, employers: int) -> dict:
    """A report's eight figures; informal = labour force − formal."""
    return {
        "angkatan_kerja": total,
        "pekerja_formal": formal,
        "pekerja_informal": total - formal,
        "peserta_pu": pu,
        "peserta_bpu": bpu,
        "peserta_jakon": None,  # not reported: the articles give PU + BPU only
        "peserta_pmi": None,
        "pemberi_kerja": employers,
    }


# Reported figures (domain guide §8); everything else in these reports is filled in.
REPORTED: dict[tuple[str, int], ReportContent] = {
    # Reported: workforce 18.749, participants 11.414 (60,88 %), 4.839 informal workers
    # protected for a year for Rp975,54 juta (= 4.839 × 12 × Rp16.800). Filled in:
    # formal 7.120, the PU/BPU split, employers, the sector of the 4.839.
    ("21.05", 2020): ReportContent(
        base_figures(18_749, 7_120, 5_975, 5_439, 212),
        {"vulnerable": {"lainnya/apbd": twelve_months(4_839)}},
    ),
    # Reported: 34.938 participants, 35 %. Filled in: workforce 99.800 (35,01 %),
    # formal 37.900, the PU/BPU split, employers.
    ("64.01", 2021): ReportContent(base_figures(99_800, 37_900, 17_400, 17_538, 905)),
    # Reported: 66.013 participants, 66 %, and every line below except "lainnya" and
    # the eligible counts. Filled in: workforce 100.000 (66,01 %), formal 38.000, the
    # PU/BPU split, employers; eligible aparatur desa = twice the protected (the
    # article says 50 % coverage); eligible honorer, guru and kecamatan staff. The APBD
    # sectors sum to 32.268 while the article's total is 32.628: the missing 360 go to
    # "lainnya". Rupiah: 12 months at the minimum (not reported).
    ("64.01", 2022): ReportContent(
        base_figures(100_000, 38_000, 18_100, 47_913, 930),
        {
            "non_asn": {
                "honorer_pemda": {"eligible": 3_150, "protected": 2_886},
                "guru_honorer": {"eligible": 2_040, "protected": 1_802},
                "perangkat_desa": {"eligible": 1_494, "protected": 747},
                "bpd": {"eligible": 1_454, "protected": 727},
                "lkd": {"eligible": 3_990, "protected": 1_995},
                "bumdes": {"eligible": 266, "protected": 133},
                "perangkat_kecamatan": {"eligible": 348, "protected": 312},
            },
            "vulnerable": {
                f"{sector}/apbd": twelve_months(workers)
                for sector, workers in (
                    ("keagamaan", 1_561),
                    ("pekerja_sosial", 747),
                    ("pedagang_umkm", 14_648),
                    ("nelayan", 2_243),
                    ("petani", 11_940),
                    ("guru_honorer", 291),
                    ("rt_rw", 838),
                    ("lainnya", 360),
                )
            },
        },
    ),
    # Reported: 24.874 PU and 47.257 BPU participants, 53 %, about Rp1 miliar a year
    # from APBD. Filled in: workforce 136.096 (53,00 %), formal 38.500, employers, and
    # 4.960 workers for the Rp1 miliar (the most it buys at the minimum).
    ("73.01", 2023): ReportContent(
        base_figures(136_096, 38_500, 24_874, 47_257, 1_310),
        {"vulnerable": {"lainnya/apbd": twelve_months(4_960, 1_000_000_000)}},
    ),
    # Province Jambi's own report. Reported: 76.016 extreme-poor residents protected
    # for a year from APBD (DUMISAKE), claims Rp2.067.337.453. Filled in: rupiah at the
    # minimum and the claims' split by programme. Figures: the sum of its kab/kota.
    ("15", 2022): ReportContent(
        {},
        {
            "vulnerable": {"lainnya/apbd": twelve_months(76_016)},
            "claims": {
                "jkk": {"cases": 58, "rupiah": 611_337_453},
                "jkm": {"cases": 30, "rupiah": 30 * JKM_BENEFIT},
                "beasiswa": {"cases": 98, "rupiah": 196_000_000},
            },
        },
    ),
}
EXPLANATIONS = {
    ("64.01", 2022): "Cakupan naik dari 35 % menjadi 66 % karena Pemda melindungi "
    "32.628 pekerja rentan melalui APBD.",
}
