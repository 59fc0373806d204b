/*
 * The native reference for ConvBenchmark's lenet2: the LeNet's second convolution (batch 64,
 * 12x12x20 in, 50 filters 5x5, valid) forward, backward-data and backward-weights through
 * oneDNN 2.x, each in the layouts oneDNN likes best (format any; no reorders timed). Run it with
 * OMP_NUM_THREADS=1 for the one-thread figures. Same protocol as sgemm_cblas.c: 12 rounds of
 * 0.3 s, the first 4 dropped, the median GFLOP/s of the other 8, 2 FLOPs per multiply-add.
 *
 * usage: OMP_NUM_THREADS=1 conv_onednn
 */
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <unordered_map>
#include <vector>

using namespace dnnl;

static double seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static void measure(const char *pass, const char *impl, double flops, const std::function<void()> &run) {
    std::vector<double> kept;
    for (int round = 0; round < 12; round++) {
        double start = seconds();
        long passes = 0;
        while (seconds() - start < 0.3) {
            run();
            passes++;
        }
        if (round >= 4) kept.push_back(flops * passes / (seconds() - start) / 1e9);
    }
    std::sort(kept.begin(), kept.end());
    std::printf("onednn lenet2-%s-1T median %.1f GFLOP/s (lowest %.1f highest %.1f) [%s]\n",
                pass, kept[kept.size() / 2], kept.front(), kept.back(), impl);
}

static memory filled(const memory::desc &desc, const engine &eng) {
    memory m(desc, eng);
    auto *p = static_cast<float *>(m.get_data_handle());
    for (size_t i = 0; i < desc.get_size() / sizeof(float); i++) p[i] = (float) ((i * 2654435761u) % 1000) / 1000.f;
    return m;
}

// Times one pass: its primitive built from pd, each argument filled in the layout pd chose.
static void time_pass(const char *pass, const primitive_desc &pd, const std::vector<std::pair<int, memory::desc>> &layouts,
                      const engine &eng, stream &s, double flops) {
    primitive p(pd);
    std::unordered_map<int, memory> args;
    for (const auto &[arg, desc] : layouts) args.emplace(arg, filled(desc, eng));
    measure(pass, pd.impl_info_str(), flops, [&] {
        p.execute(s, args);
        s.wait();
    });
}

int main() {
    engine eng(engine::kind::cpu, 0);
    stream s(eng);
    memory::dims src = {64, 20, 12, 12}, weights = {50, 20, 5, 5}, dst = {64, 50, 8, 8}, strides = {1, 1}, pad = {0, 0};
    double flops = 2.0 * 64 * 8 * 8 * 50 * 20 * 5 * 5;
    auto any = [](const memory::dims &d) { return memory::desc(d, memory::data_type::f32, memory::format_tag::any); };

    auto fwd = convolution_forward::primitive_desc(
            convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct,
                                      any(src), any(weights), any(dst), strides, pad, pad), eng);
    time_pass("forward", fwd, {{DNNL_ARG_SRC, fwd.src_desc()}, {DNNL_ARG_WEIGHTS, fwd.weights_desc()},
                               {DNNL_ARG_DST, fwd.dst_desc()}}, eng, s, flops);

    auto data = convolution_backward_data::primitive_desc(
            convolution_backward_data::desc(algorithm::convolution_direct, any(src), any(weights), any(dst), strides, pad, pad),
            eng, fwd);
    time_pass("backwardData", data, {{DNNL_ARG_DIFF_SRC, data.diff_src_desc()}, {DNNL_ARG_WEIGHTS, data.weights_desc()},
                                     {DNNL_ARG_DIFF_DST, data.diff_dst_desc()}}, eng, s, flops);

    auto filter = convolution_backward_weights::primitive_desc(
            convolution_backward_weights::desc(algorithm::convolution_direct, any(src), any(weights), any(dst), strides, pad, pad),
            eng, fwd);
    time_pass("backwardFilter", filter, {{DNNL_ARG_SRC, filter.src_desc()}, {DNNL_ARG_DIFF_WEIGHTS, filter.diff_weights_desc()},
                                         {DNNL_ARG_DIFF_DST, filter.diff_dst_desc()}}, eng, s, flops);
    return 0;
}
